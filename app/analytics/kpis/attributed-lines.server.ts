// The attributed order lines one by one: the CSV export's detail.
import type { KpiFilters } from "../kpi-query";
import { attributionCtes } from "./attribution.server";
import { analyticsRead } from "./read.server";
import { scopeOf } from "./scope.server";
import type { AttributedLine } from "./types";

/** The attributed order lines of the range (with the filters), newest first: the export's detail. */
export async function attributedLines(shop: string, filters: KpiFilters, limit = 100_000): Promise<AttributedLine[]> {
  const scope = scopeOf(shop, filters);
  const rows = await analyticsRead(
    (tx) => tx.$queryRaw<
      {
        order_id: string;
        order_name: string;
        processed_at: Date;
        line_id: string;
        product_id: string | null;
        product_title: string | null;
        offer_id: string | null;
        surface: string | null;
        kind: string | null;
        rule_id: string | null;
        rule_name: string | null;
        anchor_id: string | null;
        source: "line_property" | "email_match";
        exposed: boolean;
        units: number;
        revenue: number;
        discount: number;
      }[]
    >`
    WITH ${attributionCtes(scope, filters)}
    SELECT v.order_id::text, o.name AS order_name, v.processed_at, v.line_id::text, v.product_id::text, p.title AS product_title,
      v.offer_id, v.surface, v.kind, v.rule_id, r.name AS rule_name, v.anchor_id::text, v.source, v.exposed,
      v.units::int, round(v.revenue, 2)::float8 AS revenue, round(v.discount, 2)::float8 AS discount
    FROM offer_lines v
    JOIN orders o ON o.shop = ${shop} AND o.id = v.order_id
    LEFT JOIN products p ON p.shop = ${shop} AND p.id = v.product_id
    LEFT JOIN rules r ON r.shop = ${shop} AND r.id = v.rule_id
    ORDER BY v.processed_at DESC, v.order_id DESC, v.line_id
    LIMIT ${limit}`,
  );
  return rows.map((row) => ({
    orderId: row.order_id,
    orderName: row.order_name,
    processedAt: row.processed_at.toISOString(),
    lineId: row.line_id,
    productId: row.product_id,
    productTitle: row.product_title,
    offerId: row.offer_id,
    surface: row.surface,
    kind: row.kind,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    anchorProductId: row.anchor_id,
    source: row.source,
    exposed: row.exposed,
    units: row.units,
    revenue: row.revenue,
    discount: row.discount,
  }));
}
