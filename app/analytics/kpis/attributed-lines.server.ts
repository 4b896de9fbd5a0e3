// The attributed order lines one by one: the CSV export's detail.
import { defineStatement, sql } from "../../db/statements.server";
import type { KpiFilters } from "../kpi-query";
import { ATTRIBUTION_CTES } from "./attribution.server";
import { analyticsRead } from "./read.server";
import { filterValues, scopeOf, scopeValues } from "./scope.server";
import type { AttributedLine } from "./types";

/** $1–$6 the scope (scope.server.ts), $7 how many lines. */
const ATTRIBUTED_LINES = defineStatement<{
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
}>(
  "pairwise-kpi-attributed-lines",
  `
    WITH ${ATTRIBUTION_CTES}
    SELECT v.order_id::text, o.name AS order_name, v.processed_at, v.line_id::text, v.product_id::text, p.title AS product_title,
      v.offer_id, v.surface, v.kind, v.rule_id, r.name AS rule_name, v.anchor_id::text, v.source, v.exposed,
      v.units::int, round(v.revenue, 2)::float8 AS revenue, round(v.discount, 2)::float8 AS discount
    FROM offer_lines v
    JOIN orders o ON o.shop = $1 AND o.id = v.order_id
    LEFT JOIN products p ON p.shop = $1 AND p.id = v.product_id
    LEFT JOIN rules r ON r.shop = $1 AND r.id = v.rule_id
    ORDER BY v.processed_at DESC, v.order_id DESC, v.line_id
    LIMIT $7::int`,
  {
    columns: [
      "order_id",
      "order_name",
      "processed_at",
      "line_id",
      "product_id",
      "product_title",
      "offer_id",
      "surface",
      "kind",
      "rule_id",
      "rule_name",
      "anchor_id",
      "source",
      "exposed",
      "units",
      "revenue",
      "discount",
    ],
  },
);

/** The attributed order lines of the range (with the filters), newest first: the export's detail. */
export async function attributedLines(shop: string, filters: KpiFilters, limit = 100_000): Promise<AttributedLine[]> {
  const scope = scopeOf(shop, filters);
  const rows = await analyticsRead((tx) =>
    sql.query(tx, ATTRIBUTED_LINES, [...scopeValues(scope), ...filterValues(filters), limit]),
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
