// What the attributed lines add up to (total, by surface, kind, rule, day), the range's orders
// with and without an offer, and the top pairs: one statement, so the attribution is built once.
import { defineStatement, sql } from "../../db/statements.server";
import type { KpiFilters } from "../kpi-query";
import { ATTRIBUTION_CTES } from "./attribution.server";
import type { Tx } from "./read.server";
import { dimension, eventWhere, filterValues, scopeValues, type Scope } from "./scope.server";

/** Top pairs shown on the dashboard. */
export const TOP_PAIRS = 10;
/** Top pairs: past this many candidate pairs, aggregating the range's events beats one lookup per pair. */
const MAX_PAIR_LOOKUPS = 200;

export interface LineRow {
  dim: "total" | "surface" | "kind" | "rule" | "day";
  key: string | null;
  orders: number;
  converting_orders: number;
  units: number;
  revenue: number;
  discount: number;
}

export interface OrderRow {
  dim: "total" | "day";
  key: string | null;
  orders: number;
  revenue: number;
  with_offer: number;
  with_offer_value: number;
  cross_sell: number;
  upsell: number;
}

export interface PairQueryRow {
  anchor_id: string | null;
  product_id: string;
  impressions: number;
  clicks: number;
  add_to_carts: number;
  orders: number;
  units: number;
  revenue: number;
}

export interface AttributionSets {
  lines: LineRow[];
  orders: OrderRow[];
  pairs: PairQueryRow[];
}

/**
 * Attributed lines (total, by surface, kind, rule, day), order totals and ratios (total, by day),
 * and the top pairs (what was sold, with how often it was shown): the attribution is built once.
 * $1–$6 the scope (scope.server.ts), $7 how many pairs.
 */
const ATTRIBUTION_SETS = defineStatement<{
  lines: LineRow[] | null;
  orders: OrderRow[] | null;
  pairs: PairQueryRow[] | null;
}>(
  "pairwise-kpi-attribution-sets",
  `
    WITH ${ATTRIBUTION_CTES},
    line_sets AS (
      SELECT ${dimension("surface", "kind", "rule_id", "day")},
        count(DISTINCT order_id)::int AS orders,
        count(DISTINCT order_id) FILTER (WHERE exposed)::int AS converting_orders,
        coalesce(sum(units), 0)::int AS units,
        round(coalesce(sum(revenue), 0), 2)::float8 AS revenue,
        round(coalesce(sum(discount), 0), 2)::float8 AS discount
      FROM offer_lines
      GROUP BY GROUPING SETS ((), (surface), (kind), (rule_id), (day))
    ),
    per_order AS (
      SELECT order_id, bool_or(kind = 'cross_sell') AS cross_sell, bool_or(kind = 'upgrade') AS upsell FROM offer_lines GROUP BY order_id
    ),
    order_sets AS (
      SELECT CASE WHEN GROUPING(date_trunc('day', o.processed_at)) = 0 THEN 'day' ELSE 'total' END AS dim,
        to_char(date_trunc('day', o.processed_at), 'YYYY-MM-DD') AS key,
        count(*)::int AS orders,
        round(coalesce(sum(o.value), 0), 2)::float8 AS revenue,
        count(p.order_id)::int AS with_offer,
        round(coalesce(sum(o.value) FILTER (WHERE p.order_id IS NOT NULL), 0), 2)::float8 AS with_offer_value,
        count(*) FILTER (WHERE p.cross_sell)::int AS cross_sell,
        count(*) FILTER (WHERE p.upsell)::int AS upsell
      FROM scoped_orders o LEFT JOIN per_order p ON p.order_id = o.id
      GROUP BY GROUPING SETS ((), (date_trunc('day', o.processed_at)))
    ),
    -- Pairs: anchor product → offered product (-1: no anchor, e.g. the cart or an email).
    sold AS MATERIALIZED (
      SELECT coalesce(anchor_id, -1) AS anchor_id, product_id, count(DISTINCT order_id)::int AS orders, sum(units)::int AS units,
        round(sum(revenue), 2)::float8 AS revenue
      FROM offer_lines WHERE product_id IS NOT NULL
      GROUP BY 1, 2
    ),
    -- The top pairs rank by revenue first. When at least as many pairs as the limit sold something,
    -- every top pair earned at least the limit-th best revenue (the cutoff): only the pairs at or
    -- above it need their impressions, looked up by offered product. Otherwise (or when ties at the
    -- cutoff make too many pairs) the range's events are aggregated by pair.
    cutoff AS (SELECT s.revenue FROM sold s WHERE s.revenue > 0 ORDER BY s.revenue DESC OFFSET $7::int - 1 LIMIT 1),
    candidates AS MATERIALIZED (SELECT s.anchor_id, s.product_id FROM sold s WHERE s.revenue >= (SELECT c.revenue FROM cutoff c)),
    lookup AS MATERIALIZED (
      SELECT EXISTS (SELECT 1 FROM cutoff) AND (SELECT count(*) FROM candidates) <= ${MAX_PAIR_LOOKUPS} AS few,
        ARRAY(SELECT DISTINCT c.product_id FROM candidates c) AS products
    ),
    shown AS (
      SELECT coalesce(e.product_id, -1) AS anchor_id, e.offered_product_id AS product_id,
        count(*) FILTER (WHERE e.type = 'impression')::int AS impressions,
        count(*) FILTER (WHERE e.type = 'click')::int AS clicks,
        count(*) FILTER (WHERE e.type = 'add_to_cart')::int AS add_to_carts
      FROM offer_events e
      WHERE (SELECT few FROM lookup) AND ${eventWhere()} AND e.offered_product_id = ANY ((SELECT products FROM lookup)::bigint[])
      GROUP BY 1, 2
      UNION ALL
      SELECT coalesce(e.product_id, -1) AS anchor_id, e.offered_product_id AS product_id,
        count(*) FILTER (WHERE e.type = 'impression')::int AS impressions,
        count(*) FILTER (WHERE e.type = 'click')::int AS clicks,
        count(*) FILTER (WHERE e.type = 'add_to_cart')::int AS add_to_carts
      FROM offer_events e
      WHERE NOT (SELECT few FROM lookup) AND ${eventWhere()} AND e.offered_product_id IS NOT NULL
      GROUP BY 1, 2
    ),
    pairs AS (
      SELECT NULLIF(coalesce(sold.anchor_id, shown.anchor_id), -1)::text AS anchor_id, coalesce(sold.product_id, shown.product_id)::text AS product_id,
        coalesce(shown.impressions, 0) AS impressions, coalesce(shown.clicks, 0) AS clicks, coalesce(shown.add_to_carts, 0) AS add_to_carts,
        coalesce(sold.orders, 0) AS orders, coalesce(sold.units, 0) AS units, coalesce(sold.revenue, 0)::float8 AS revenue
      FROM sold FULL JOIN shown ON shown.anchor_id = sold.anchor_id AND shown.product_id = sold.product_id
      ORDER BY revenue DESC, impressions DESC, coalesce(sold.anchor_id, shown.anchor_id) = -1, coalesce(sold.anchor_id, shown.anchor_id),
        coalesce(sold.product_id, shown.product_id)
      LIMIT $7::int
    )
    SELECT (SELECT json_agg(line_sets) FROM line_sets) AS lines,
      (SELECT json_agg(order_sets) FROM order_sets) AS orders,
      (SELECT json_agg(pairs) FROM pairs) AS pairs`,
  { columns: ["lines", "orders", "pairs"] },
);

export async function attributionSets(
  tx: Tx,
  scope: Scope,
  filters: KpiFilters,
  pairLimit = TOP_PAIRS,
): Promise<AttributionSets> {
  const [row] = await sql.query(tx, ATTRIBUTION_SETS, [...scopeValues(scope), ...filterValues(filters), pairLimit]);
  return { lines: row?.lines ?? [], orders: row?.orders ?? [], pairs: row?.pairs ?? [] };
}
