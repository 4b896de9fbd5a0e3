// What the offers earn (issue #7; definitions in docs/kpis.md). Every number is computed in
// Postgres over indexed tables, always scoped by shop, for a range of whole UTC days and optional
// surface / offer kind / rule filters:
// - offer events (impressions, clicks, add-to-carts) from offer_events;
// - attribution from order lines: a line carries its offer id, surface and kind (line item
//   properties set by the widgets and the checkout extension); its rule and pair (anchor product)
//   come from the event that showed the offer, the same visitor's latest one for that offer id
//   before the order (else the shop's latest for that offer id). Email links carry no properties,
//   so a line is credited to a post-purchase email when the same customer ordered one of the
//   email's products within EMAIL_WINDOW_DAYS of the send;
// - orders count once (one row per order, merged idempotently from webhooks) and only while
//   `counted` (not test, cancelled, deleted or fully refunded); refunded units are taken off.
// The experiment compares visitors shown offers with the holdout group (app/analytics/experiment.ts).
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { OFFER_KIND_LABELS, SURFACE_LABELS } from "../offers/engine/labels";
import { experiment, type Experiment } from "./experiment";
import { cents, moneyFormatter, ratio } from "./format";
import { endOfRange, isoDay, NO_RULE, startOfDay, type KpiFilters } from "./kpi-query";
import type { Sample } from "./stats";

/** A post-purchase email is credited with orders of its offered products this long after it was sent. */
export const EMAIL_WINDOW_DAYS = 14;
const TOP = 10;
/** Top pairs: past this many candidate pairs, aggregating the range's events beats one lookup per pair. */
const MAX_PAIR_LOOKUPS = 200;

export interface EventCounts {
  impressions: number;
  clicks: number;
  addToCarts: number;
  dismissals: number;
  /** Distinct visitors with an impression. */
  visitors: number;
}

export interface LineCounts {
  /** Orders with at least one attributed line. */
  orders: number;
  /** Of those, orders whose visitor was shown that offer in the range (conversion's numerator). */
  convertingOrders: number;
  units: number;
  revenue: number;
  discount: number;
}

export interface Kpis extends EventCounts, LineCounts {
  clickThroughRate: number | null;
  addToCartRate: number | null;
  conversionRate: number | null;
  /** Attributed revenue per unit of discount given on offered items. */
  returnOnDiscount: number | null;
}

export interface BreakdownRow extends Kpis {
  /** A surface, an offer kind, a rule id; null: no rule (recommendations) or not known. */
  key: string | null;
  label: string;
}

export interface OrderKpis {
  orders: number;
  revenue: number;
  crossSellOrders: number;
  upsellOrders: number;
  crossSellRatio: number | null;
  upsellRatio: number | null;
  withOffer: { orders: number; averageOrderValue: number | null };
  withoutOffer: { orders: number; averageOrderValue: number | null };
}

export interface DailyPoint {
  day: string;
  impressions: number;
  visitors: number;
  attributedOrders: number;
  convertingOrders: number;
  attributedRevenue: number;
  conversionRate: number | null;
  orders: number;
  revenue: number;
}

export interface PairRow {
  anchorProductId: string | null;
  anchorTitle: string | null;
  productId: string;
  productTitle: string | null;
  impressions: number;
  clicks: number;
  addToCarts: number;
  orders: number;
  units: number;
  revenue: number;
}

export interface EmailFunnel {
  sent: number;
  /** null: opens are not tracked for this shop (no email has an open recorded). */
  opened: number | null;
  clicked: number | null;
  /** Emails followed by an order of an offered product within the window. */
  ordered: number;
  orders: number;
  revenue: number;
}

export interface ExperimentReport extends Experiment {
  holdoutShare: number;
  /** Orders in the range without a visitor id: they cannot be assigned to a group. */
  ordersWithoutVisitor: number;
}

export interface KpiReport {
  filters: KpiFilters;
  currencyCode: string;
  totals: Kpis;
  orders: OrderKpis;
  bySurface: BreakdownRow[];
  byKind: BreakdownRow[];
  byRule: BreakdownRow[];
  daily: DailyPoint[];
  topPairs: PairRow[];
  experiment: ExperimentReport;
  email: EmailFunnel;
}

// ---------------------------------------------------------------------------------------------
// SQL building blocks

interface Scope {
  shop: string;
  /** Range as timestamp literals (the columns are UTC timestamps without time zone). */
  from: string;
  to: string;
}

function scopeOf(shop: string, filters: KpiFilters): Scope {
  return { shop, from: `${filters.from} 00:00:00`, to: `${isoDay(endOfRange(filters))} 00:00:00` };
}

/** Events of the shown-offers group in range, with the filters. */
type Tx = Prisma.TransactionClient;

/** Memory for the dashboard's hashes and sorts (per node, per statement): the range's events fit without spilling. */
const WORK_MEM = "64MB";

/** The dashboard's reads: each statement in a read-only transaction of its own, with more work_mem. */
async function analyticsRead<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${WORK_MEM}'`);
      return run(tx);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

function eventWhere(scope: Scope, filters: KpiFilters, alias = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.shop = ${scope.shop} AND ${a}.occurred_at >= ${scope.from}::timestamp AND ${a}.occurred_at < ${scope.to}::timestamp
    AND NOT ${a}.holdout
    ${filters.surface ? Prisma.sql`AND ${a}.surface = ${filters.surface}` : Prisma.empty}
    ${filters.kind ? Prisma.sql`AND ${a}.offer_kind = ${filters.kind}` : Prisma.empty}
    ${ruleCondition(filters, Prisma.sql`${a}.rule_id`)}`;
}

function ruleCondition(filters: KpiFilters, column: Prisma.Sql): Prisma.Sql {
  if (!filters.rule) return Prisma.empty;
  return filters.rule === NO_RULE ? Prisma.sql`AND ${column} IS NULL` : Prisma.sql`AND ${column} = ${filters.rule}`;
}

/** `scoped_orders`: the counted orders of the range with their value (subtotal less refunded units). */
function scopedOrdersCte(scope: Scope): Prisma.Sql {
  const { shop } = scope;
  return Prisma.sql`
  scoped_orders AS MATERIALIZED (
    SELECT o.id, o.visitor_id, o.customer_id, o.processed_at,
      GREATEST(0, o.subtotal_price - CASE
        WHEN EXISTS (SELECT 1 FROM order_refunds r WHERE r.shop = ${shop} AND r.order_id = o.id)
        THEN coalesce((SELECT sum((l.price * l.quantity - l.total_discount) * LEAST(l.refunded_quantity, l.quantity) / l.quantity)
                       FROM order_lines l WHERE l.shop = ${shop} AND l.order_id = o.id AND l.refunded_quantity > 0 AND l.quantity > 0), 0)
        ELSE 0 END) AS value
    FROM orders o
    WHERE o.shop = ${shop} AND o.counted AND o.processed_at >= ${scope.from}::timestamp AND o.processed_at < ${scope.to}::timestamp
  )`;
}

/**
 * `scoped_orders`, then every attributed line of them with its offer, surface, kind, rule, anchor
 * product, whether its visitor was shown the offer in the range, and its units, revenue and
 * discount net of refunds: `attributed`/`valued` hold all lines, `offer_lines` those that pass the
 * filters.
 */
function attributionCtes(scope: Scope, filters: KpiFilters): Prisma.Sql {
  const { shop } = scope;
  return Prisma.sql`${scopedOrdersCte(scope)},
  property_lines AS (
    SELECT o.id AS order_id, o.visitor_id, o.processed_at, l.id AS line_id, l.product_id, l.offer_id,
      l.offer_surface, l.offer_kind, l.quantity, l.refunded_quantity, l.price, l.total_discount, ev.by_visitor,
      ev.surface AS event_surface, ev.offer_kind AS event_kind, ev.rule_id, ev.product_id AS anchor_id, ev.occurred_at AS event_at
    FROM scoped_orders o
    JOIN order_lines l ON l.shop = ${shop} AND l.order_id = o.id AND l.offer_id IS NOT NULL
    LEFT JOIN LATERAL (
      (SELECT true AS by_visitor, e.surface, e.offer_kind, e.rule_id, e.product_id, e.occurred_at FROM offer_events e
        WHERE e.shop = ${shop} AND e.visitor_id = o.visitor_id AND e.offer_id = l.offer_id AND e.occurred_at <= o.processed_at AND NOT e.holdout
        ORDER BY e.occurred_at DESC LIMIT 1)
      UNION ALL
      (SELECT false AS by_visitor, e.surface, e.offer_kind, e.rule_id, e.product_id, e.occurred_at FROM offer_events e
        WHERE e.shop = ${shop} AND e.offer_id = l.offer_id AND e.occurred_at <= o.processed_at AND NOT e.holdout
        ORDER BY e.occurred_at DESC LIMIT 1)
      LIMIT 1
    ) ev ON true
  ),
  email_lines AS (
    SELECT DISTINCT ON (l.id) o.id AS order_id, o.visitor_id, o.processed_at, l.id AS line_id, l.product_id,
      item->>'offerId' AS offer_id, item->>'kind' AS offer_kind, l.quantity, l.refunded_quantity, l.price, l.total_discount, s.id AS email_id
    FROM scoped_orders o
    JOIN email_sends s ON s.shop = ${shop} AND s.customer_id = o.customer_id AND s.status = 'SENT' AND s.order_id <> o.id
      AND s.sent_at < o.processed_at AND s.sent_at >= o.processed_at - make_interval(days => ${EMAIL_WINDOW_DAYS}::int)
      AND s.sent_at >= ${scope.from}::timestamp - make_interval(days => ${EMAIL_WINDOW_DAYS}::int) AND s.sent_at < ${scope.to}::timestamp
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.offers) = 'array' THEN s.offers ELSE '[]'::jsonb END) AS item
    JOIN order_lines l ON l.shop = ${shop} AND l.order_id = o.id AND l.offer_id IS NULL
      AND l.product_id = CASE WHEN item->>'productId' ~ '^[0-9]{1,18}$' THEN (item->>'productId')::bigint END
    WHERE o.customer_id IS NOT NULL
    ORDER BY l.id, s.sent_at DESC
  ),
  attributed AS MATERIALIZED (
    SELECT p.order_id, p.visitor_id, p.processed_at, p.line_id, p.product_id, p.offer_id,
      coalesce(p.offer_surface, p.event_surface) AS surface, coalesce(p.offer_kind, p.event_kind) AS kind,
      p.rule_id, p.anchor_id, 'line_property'::text AS source,
      coalesce(p.by_visitor AND p.event_at >= ${scope.from}::timestamp, false) AS exposed,
      p.quantity, p.refunded_quantity, p.price, p.total_discount
    FROM property_lines p
    UNION ALL
    SELECT m.order_id, m.visitor_id, m.processed_at, m.line_id, m.product_id, m.offer_id, 'email', m.offer_kind,
      NULL, NULL, 'email_match', false, m.quantity, m.refunded_quantity, m.price, m.total_discount
    FROM email_lines m
  ),
  valued AS (
    SELECT a.*, date_trunc('day', a.processed_at) AS day,
      GREATEST(0, a.quantity - a.refunded_quantity) AS units,
      CASE WHEN a.quantity > 0 THEN (a.price * a.quantity - a.total_discount) * GREATEST(0, a.quantity - a.refunded_quantity) / a.quantity ELSE 0 END AS revenue,
      CASE WHEN a.quantity > 0 THEN a.total_discount * GREATEST(0, a.quantity - a.refunded_quantity) / a.quantity ELSE 0 END AS discount
    FROM attributed a
  ),
  offer_lines AS (
    SELECT * FROM valued v WHERE true
      ${filters.surface ? Prisma.sql`AND v.surface = ${filters.surface}` : Prisma.empty}
      ${filters.kind ? Prisma.sql`AND v.kind = ${filters.kind}` : Prisma.empty}
      ${ruleCondition(filters, Prisma.sql`v.rule_id`)}
  )`;
}

// ---------------------------------------------------------------------------------------------
// Queries

interface EventRow {
  dim: "total" | "surface" | "kind" | "rule" | "day";
  key: string | null;
  impressions: number;
  clicks: number;
  add_to_carts: number;
  dismissals: number;
  visitors: number;
}

interface LineRow {
  dim: "total" | "surface" | "kind" | "rule" | "day";
  key: string | null;
  orders: number;
  converting_orders: number;
  units: number;
  revenue: number;
  discount: number;
}

interface OrderRow {
  dim: "total" | "day";
  key: string | null;
  orders: number;
  revenue: number;
  with_offer: number;
  with_offer_value: number;
  cross_sell: number;
  upsell: number;
}

interface PairQueryRow {
  anchor_id: string | null;
  product_id: string;
  impressions: number;
  clicks: number;
  add_to_carts: number;
  orders: number;
  units: number;
  revenue: number;
}

/** The dimension and key of a GROUPING SETS row over surface, kind, rule and day (total: neither). */
const dimension = (surface: Prisma.Sql, kind: Prisma.Sql, rule: Prisma.Sql, day: Prisma.Sql) => Prisma.sql`
  CASE WHEN GROUPING(${surface}) = 0 THEN 'surface' WHEN GROUPING(${kind}) = 0 THEN 'kind'
       WHEN GROUPING(${rule}) = 0 THEN 'rule' WHEN GROUPING(${day}) = 0 THEN 'day' ELSE 'total' END AS dim,
  coalesce(CASE WHEN GROUPING(${surface}) = 0 THEN ${surface} WHEN GROUPING(${kind}) = 0 THEN ${kind} WHEN GROUPING(${rule}) = 0 THEN ${rule} END,
           to_char(${day}, 'YYYY-MM-DD')) AS key`;
const column = (name: string) => Prisma.raw(name);

/** The range as whole days, for the daily rollups (`day` columns). */
const dayRange = (scope: Scope, alias: string): Prisma.Sql => {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.day >= ${scope.from}::date AND ${a}.day < ${scope.to}::date`;
};

/** Rows of the event counts rollup: shown-offers group, range, filters (a rule id of '' is no rule). */
function countWhere(scope: Scope, filters: KpiFilters): Prisma.Sql {
  return Prisma.sql`c.shop = ${scope.shop} AND ${dayRange(scope, "c")} AND NOT c.holdout
    ${filters.surface ? Prisma.sql`AND c.surface = ${filters.surface}` : Prisma.empty}
    ${filters.kind ? Prisma.sql`AND c.offer_kind = ${filters.kind}` : Prisma.empty}
    ${filters.rule ? Prisma.sql`AND c.rule_id = ${filters.rule === NO_RULE ? "" : filters.rule}` : Prisma.empty}`;
}

/**
 * Distinct visitors shown offers per (dim, key). Unfiltered: from the visitor-day rollup (one row
 * per visitor and day with the day's surfaces, kinds and rules): a day's visitors are its rows, the
 * range's are its rows less the repeats, and per surface, kind or rule a visitor seen on a single
 * day counts through their row's set, one seen on several days once over them. With a filter, a visitor counts only
 * for impressions matching every filter at once, which the rollup's per-day sets cannot tell:
 * the range's raw impressions are read instead.
 */
function reachCte(scope: Scope, filters: KpiFilters): Prisma.Sql {
  if (filters.surface || filters.kind || filters.rule) {
    return Prisma.sql`
    reach AS (
      SELECT dim, key, count(*)::int AS visitors FROM (
        SELECT ${dimension(column("surface"), column("offer_kind"), column("rule_id"), column("day"))}
        FROM (
          SELECT e.visitor_id, e.surface, e.offer_kind, e.rule_id, date_trunc('day', e.occurred_at) AS day
          FROM offer_events e
          WHERE ${eventWhere(scope, filters)} AND e.type = 'impression' AND e.visitor_id IS NOT NULL
        ) ev
        GROUP BY GROUPING SETS ((visitor_id), (surface, visitor_id), (offer_kind, visitor_id), (rule_id, visitor_id), (day, visitor_id))
      ) per_visitor
      GROUP BY dim, key
    )`;
  }
  return Prisma.sql`
    visitor_days AS MATERIALIZED (
      SELECT v.visitor_id, v.day, v.surfaces, v.kinds, v.rules
      FROM offer_visitor_days v
      WHERE v.shop = ${scope.shop} AND ${dayRange(scope, "v")} AND NOT v.holdout
    ),
    repeat_visitors AS MATERIALIZED (
      SELECT d.visitor_id, count(*) AS days FROM visitor_days d GROUP BY d.visitor_id HAVING count(*) > 1
    ),
    -- Visitors seen on one day only (most): their row's sets are theirs, so they are counted by
    -- distinct set (a handful of different sets) instead of one by one.
    one_day_sets AS (
      SELECT GROUPING(d.surfaces) = 0 AS by_surfaces, GROUPING(d.kinds) = 0 AS by_kinds, d.surfaces, d.kinds, d.rules, count(*) AS visitors
      FROM visitor_days d
      WHERE NOT EXISTS (SELECT 1 FROM repeat_visitors r WHERE r.visitor_id = d.visitor_id)
      GROUP BY GROUPING SETS ((d.surfaces), (d.kinds), (d.rules))
    ),
    memberships AS (
      SELECT 'surface' AS dim, s.key, b.visitors FROM one_day_sets b CROSS JOIN LATERAL unnest(b.surfaces) AS s(key) WHERE b.by_surfaces
      UNION ALL SELECT 'kind', k.key, b.visitors FROM one_day_sets b CROSS JOIN LATERAL unnest(b.kinds) AS k(key) WHERE b.by_kinds
      UNION ALL SELECT 'rule', NULLIF(r.key, ''), b.visitors FROM one_day_sets b CROSS JOIN LATERAL unnest(b.rules) AS r(key) WHERE NOT b.by_surfaces AND NOT b.by_kinds
      -- Visitors seen on several days of the range: once per key over their days.
      UNION ALL SELECT dim, key, 1 FROM (
        SELECT DISTINCT dim, key, visitor_id FROM (
          SELECT 'surface' AS dim, s.key, d.visitor_id FROM visitor_days d JOIN repeat_visitors r ON r.visitor_id = d.visitor_id CROSS JOIN LATERAL unnest(d.surfaces) AS s(key)
          UNION ALL SELECT 'kind', k.key, d.visitor_id FROM visitor_days d JOIN repeat_visitors r ON r.visitor_id = d.visitor_id CROSS JOIN LATERAL unnest(d.kinds) AS k(key)
          UNION ALL SELECT 'rule', NULLIF(x.key, ''), d.visitor_id FROM visitor_days d JOIN repeat_visitors r ON r.visitor_id = d.visitor_id CROSS JOIN LATERAL unnest(d.rules) AS x(key)
        ) repeat_memberships
      ) distinct_repeat_memberships
    ),
    reach AS (
      SELECT 'total' AS dim, NULL::text AS key,
        ((SELECT count(*) FROM visitor_days) - (SELECT coalesce(sum(r.days - 1), 0) FROM repeat_visitors r))::int AS visitors
      UNION ALL
      SELECT 'day', to_char(d.day, 'YYYY-MM-DD'), count(*)::int FROM visitor_days d GROUP BY d.day
      UNION ALL
      SELECT m.dim, m.key, sum(m.visitors)::int FROM memberships m GROUP BY m.dim, m.key
    )`;
}

/**
 * Event counts and distinct visitors shown offers, in total and by surface, kind, rule and day.
 * Counts are sums over the daily rollup `offer_event_counts` (exactly the raw events: it is kept
 * by triggers in the inserting transaction, migration 20261124150000_kpi_rollups); reach as in
 * `reachCte`.
 */
async function eventSets(tx: Tx, scope: Scope, filters: KpiFilters): Promise<EventRow[]> {
  const [row] = await tx.$queryRaw<{ events: EventRow[] | null }[]>`
    WITH counts AS (
      SELECT c.surface, c.offer_kind, NULLIF(c.rule_id, '') AS rule_id, c.day::timestamp AS day, c.type, c.events
      FROM offer_event_counts c
      WHERE ${countWhere(scope, filters)}
    ),
    event_sets AS (
      SELECT ${dimension(column("surface"), column("offer_kind"), column("rule_id"), column("day"))},
        coalesce(sum(events) FILTER (WHERE type = 'impression'), 0)::int AS impressions,
        coalesce(sum(events) FILTER (WHERE type = 'click'), 0)::int AS clicks,
        coalesce(sum(events) FILTER (WHERE type = 'add_to_cart'), 0)::int AS add_to_carts,
        coalesce(sum(events) FILTER (WHERE type = 'dismiss'), 0)::int AS dismissals
      FROM counts
      GROUP BY GROUPING SETS ((), (surface), (offer_kind), (rule_id), (day))
    ),
    ${reachCte(scope, filters)}
    SELECT json_agg(x) AS events
    FROM (SELECT c.*, coalesce(r.visitors, 0) AS visitors FROM event_sets c LEFT JOIN reach r ON r.dim = c.dim AND r.key IS NOT DISTINCT FROM c.key) x`;
  return row?.events ?? [];
}

interface AttributionSets {
  lines: LineRow[];
  orders: OrderRow[];
  pairs: PairQueryRow[];
}

/**
 * Attributed lines (total, by surface, kind, rule, day), order totals and ratios (total, by day),
 * and the top pairs (what was sold, with how often it was shown): the attribution is built once.
 */
async function attributionSets(tx: Tx, scope: Scope, filters: KpiFilters, pairLimit = TOP): Promise<AttributionSets> {
  const [row] = await tx.$queryRaw<{ lines: LineRow[] | null; orders: OrderRow[] | null; pairs: PairQueryRow[] | null }[]>`
    WITH ${attributionCtes(scope, filters)},
    line_sets AS (
      SELECT ${dimension(column("surface"), column("kind"), column("rule_id"), column("day"))},
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
    cutoff AS (SELECT s.revenue FROM sold s WHERE s.revenue > 0 ORDER BY s.revenue DESC OFFSET ${pairLimit - 1} LIMIT 1),
    candidates AS MATERIALIZED (SELECT s.anchor_id, s.product_id FROM sold s WHERE s.revenue >= (SELECT c.revenue FROM cutoff c)),
    lookup AS MATERIALIZED (
      SELECT EXISTS (SELECT 1 FROM cutoff) AND (SELECT count(*) FROM candidates) <= ${MAX_PAIR_LOOKUPS}::int AS few,
        ARRAY(SELECT DISTINCT c.product_id FROM candidates c) AS products
    ),
    shown AS (
      SELECT coalesce(e.product_id, -1) AS anchor_id, e.offered_product_id AS product_id,
        count(*) FILTER (WHERE e.type = 'impression')::int AS impressions,
        count(*) FILTER (WHERE e.type = 'click')::int AS clicks,
        count(*) FILTER (WHERE e.type = 'add_to_cart')::int AS add_to_carts
      FROM offer_events e
      WHERE (SELECT few FROM lookup) AND ${eventWhere(scope, filters)} AND e.offered_product_id = ANY ((SELECT products FROM lookup)::bigint[])
      GROUP BY 1, 2
      UNION ALL
      SELECT coalesce(e.product_id, -1) AS anchor_id, e.offered_product_id AS product_id,
        count(*) FILTER (WHERE e.type = 'impression')::int AS impressions,
        count(*) FILTER (WHERE e.type = 'click')::int AS clicks,
        count(*) FILTER (WHERE e.type = 'add_to_cart')::int AS add_to_carts
      FROM offer_events e
      WHERE NOT (SELECT few FROM lookup) AND ${eventWhere(scope, filters)} AND e.offered_product_id IS NOT NULL
      GROUP BY 1, 2
    ),
    pairs AS (
      SELECT NULLIF(coalesce(sold.anchor_id, shown.anchor_id), -1)::text AS anchor_id, coalesce(sold.product_id, shown.product_id)::text AS product_id,
        coalesce(shown.impressions, 0) AS impressions, coalesce(shown.clicks, 0) AS clicks, coalesce(shown.add_to_carts, 0) AS add_to_carts,
        coalesce(sold.orders, 0) AS orders, coalesce(sold.units, 0) AS units, coalesce(sold.revenue, 0)::float8 AS revenue
      FROM sold FULL JOIN shown ON shown.anchor_id = sold.anchor_id AND shown.product_id = sold.product_id
      ORDER BY revenue DESC, impressions DESC, coalesce(sold.anchor_id, shown.anchor_id) = -1, coalesce(sold.anchor_id, shown.anchor_id),
        coalesce(sold.product_id, shown.product_id)
      LIMIT ${pairLimit}
    )
    SELECT (SELECT json_agg(line_sets) FROM line_sets) AS lines,
      (SELECT json_agg(order_sets) FROM order_sets) AS orders,
      (SELECT json_agg(pairs) FROM pairs) AS pairs`;
  return { lines: row?.lines ?? [], orders: row?.orders ?? [], pairs: row?.pairs ?? [] };
}

interface GroupRow {
  holdout: boolean;
  unit: "visitor" | "order";
  n: number;
  mean: number | null;
  variance: number | null;
  total: number | null;
}

/**
 * The experiment's groups: visitors with an impression in the range (holdout impressions are the
 * offers a held-out visitor would have seen), each visitor's revenue over the range's counted
 * orders (0 for none), and the groups' orders. A visitor seen in both groups (the holdout share
 * changed) is left out. Filters other than the range do not apply: the holdout is shop-wide.
 * Membership comes from the visitor-day rollup (a row per visitor, day and group with an impression).
 */
async function experimentGroups(tx: Tx, scope: Scope): Promise<{ groups: GroupRow[]; withoutVisitor: number }> {
  const { shop } = scope;
  const [row] = await tx.$queryRaw<{ groups: GroupRow[] | null; without_visitor: number }[]>`
    WITH ${scopedOrdersCte(scope)},
    -- holdout is null for a visitor found in both groups (left out below). Not a HAVING: its
    -- selectivity guess (a few hundred of ~100k visitors) would make the joins hash this side.
    members AS (
      SELECT v.visitor_id, CASE WHEN bool_and(v.holdout) THEN true WHEN NOT bool_or(v.holdout) THEN false END AS holdout
      FROM offer_visitor_days v
      WHERE v.shop = ${shop} AND ${dayRange(scope, "v")}
      GROUP BY v.visitor_id
    ),
    visitor_orders AS (
      SELECT o.visitor_id, sum(o.value) AS revenue FROM scoped_orders o WHERE o.visitor_id IS NOT NULL GROUP BY o.visitor_id
    ),
    groups AS (
      SELECT m.holdout, 'visitor' AS unit, count(*)::int AS n, avg(coalesce(v.revenue, 0))::float8 AS mean,
        var_samp(coalesce(v.revenue, 0))::float8 AS variance, sum(coalesce(v.revenue, 0))::float8 AS total
      FROM members m LEFT JOIN visitor_orders v ON v.visitor_id = m.visitor_id
      WHERE m.holdout IS NOT NULL
      GROUP BY m.holdout
      UNION ALL
      SELECT m.holdout, 'order', count(*)::int, avg(o.value)::float8, var_samp(o.value)::float8, sum(o.value)::float8
      FROM members m JOIN scoped_orders o ON o.visitor_id = m.visitor_id
      WHERE m.holdout IS NOT NULL
      GROUP BY m.holdout
    )
    SELECT (SELECT json_agg(groups) FROM groups) AS groups,
      (SELECT count(*) FROM scoped_orders WHERE visitor_id IS NULL)::int AS without_visitor`;
  return { groups: row?.groups ?? [], withoutVisitor: row?.without_visitor ?? 0 };
}

interface EmailRow {
  sent: number;
  opened: number;
  clicked: number;
  opens_tracked: boolean;
  clicks_tracked: boolean;
  ordered: number;
  orders: number;
  revenue: number;
}

/**
 * The emails sent in the range and what followed each within the window (even past the range's
 * end): an order by the same customer containing an offered product.
 */
async function emailFunnel(tx: Tx, scope: Scope): Promise<EmailRow> {
  const { shop } = scope;
  const [row] = await tx.$queryRaw<EmailRow[]>`
    WITH sends AS MATERIALIZED (
      SELECT s.id, s.customer_id, s.order_id, s.sent_at, s.opened_at, s.clicked_at, s.offers
      FROM email_sends s
      WHERE s.shop = ${shop} AND s.status = 'SENT' AND s.sent_at >= ${scope.from}::timestamp AND s.sent_at < ${scope.to}::timestamp
    ),
    matches AS (
      SELECT DISTINCT ON (l.id) s.id AS email_id, o.id AS order_id,
        CASE WHEN l.quantity > 0 THEN (l.price * l.quantity - l.total_discount) * GREATEST(0, l.quantity - l.refunded_quantity) / l.quantity ELSE 0 END AS revenue
      FROM sends s
      JOIN orders o ON o.shop = ${shop} AND o.customer_id = s.customer_id AND o.counted AND o.id <> s.order_id
        AND o.processed_at > s.sent_at AND o.processed_at <= s.sent_at + make_interval(days => ${EMAIL_WINDOW_DAYS}::int)
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.offers) = 'array' THEN s.offers ELSE '[]'::jsonb END) AS item
      JOIN order_lines l ON l.shop = ${shop} AND l.order_id = o.id
        AND l.product_id = CASE WHEN item->>'productId' ~ '^[0-9]{1,18}$' THEN (item->>'productId')::bigint END
      ORDER BY l.id, s.sent_at DESC
    )
    SELECT (SELECT count(*) FROM sends)::int AS sent,
      (SELECT count(opened_at) FROM sends)::int AS opened,
      (SELECT count(clicked_at) FROM sends)::int AS clicked,
      EXISTS (SELECT 1 FROM email_sends WHERE shop = ${shop} AND opened_at IS NOT NULL) AS opens_tracked,
      EXISTS (SELECT 1 FROM email_sends WHERE shop = ${shop} AND clicked_at IS NOT NULL) AS clicks_tracked,
      (SELECT count(DISTINCT email_id) FROM matches)::int AS ordered,
      (SELECT count(DISTINCT order_id) FROM matches)::int AS orders,
      (SELECT round(coalesce(sum(revenue), 0), 2) FROM matches)::float8 AS revenue`;
  return row;
}

export interface AttributedLine {
  orderId: string;
  orderName: string;
  processedAt: string;
  lineId: string;
  productId: string | null;
  productTitle: string | null;
  offerId: string | null;
  surface: string | null;
  kind: string | null;
  ruleId: string | null;
  ruleName: string | null;
  anchorProductId: string | null;
  /** "line_property": the line carried the offer; "email_match": credited to a post-purchase email. */
  source: "line_property" | "email_match";
  exposed: boolean;
  units: number;
  revenue: number;
  discount: number;
}

/** The attributed order lines of the range (with the filters), newest first: the export's detail. */
export async function attributedLines(shop: string, filters: KpiFilters, limit = 100_000): Promise<AttributedLine[]> {
  const scope = scopeOf(shop, filters);
  const rows = await analyticsRead((tx) => tx.$queryRaw<
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
    LIMIT ${limit}`);
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

// ---------------------------------------------------------------------------------------------
// The report

const NO_EVENTS: EventCounts = { impressions: 0, clicks: 0, addToCarts: 0, dismissals: 0, visitors: 0 };
const NO_LINES: LineCounts = { orders: 0, convertingOrders: 0, units: 0, revenue: 0, discount: 0 };

function kpis(events: EventCounts, lines: LineCounts): Kpis {
  return {
    ...events,
    ...lines,
    clickThroughRate: ratio(events.clicks, events.impressions),
    addToCartRate: ratio(events.addToCarts, events.impressions),
    conversionRate: ratio(lines.convertingOrders, events.visitors),
    returnOnDiscount: ratio(lines.revenue, lines.discount),
  };
}

const eventCountsOf = (row: EventRow | undefined): EventCounts =>
  row ? { impressions: row.impressions, clicks: row.clicks, addToCarts: row.add_to_carts, dismissals: row.dismissals, visitors: row.visitors } : NO_EVENTS;
const lineCountsOf = (row: LineRow | undefined): LineCounts =>
  row ? { orders: row.orders, convertingOrders: row.converting_orders, units: row.units, revenue: row.revenue, discount: row.discount } : NO_LINES;


function breakdown(dim: "surface" | "kind" | "rule", events: EventRow[], lines: LineRow[], label: (key: string | null) => string): BreakdownRow[] {
  const keys = new Set<string | null>([...events.filter((r) => r.dim === dim).map((r) => r.key), ...lines.filter((r) => r.dim === dim).map((r) => r.key)]);
  return [...keys]
    .map((key) => ({
      key,
      label: label(key),
      ...kpis(eventCountsOf(events.find((r) => r.dim === dim && r.key === key)), lineCountsOf(lines.find((r) => r.dim === dim && r.key === key))),
    }))
    .sort((a, b) => b.revenue - a.revenue || b.impressions - a.impressions || String(a.key).localeCompare(String(b.key)));
}

function sample(row: GroupRow | undefined): Sample {
  return row ? { n: row.n, mean: row.mean ?? 0, variance: row.variance ?? 0 } : { n: 0, mean: 0, variance: 0 };
}

/** Every KPI of the dashboard for one shop, range and filters. */
export async function kpiReport(shop: string, filters: KpiFilters, options: { pairLimit?: number } = {}): Promise<KpiReport> {
  const scope = scopeOf(shop, filters);
  const [events, { lines, orders, pairs }, groups, email, shopRow, settings] = await Promise.all([
    analyticsRead((tx) => eventSets(tx, scope, filters)),
    analyticsRead((tx) => attributionSets(tx, scope, filters, options.pairLimit ?? TOP)),
    analyticsRead((tx) => experimentGroups(tx, scope)),
    analyticsRead((tx) => emailFunnel(tx, scope)),
    prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true } }),
    prisma.shopSettings.findUnique({ where: { shop }, select: { holdoutShare: true } }),
  ]);
  const currencyCode = shopRow?.currencyCode ?? "USD";

  const ruleIds = [...new Set([...events, ...lines].filter((r) => r.dim === "rule" && r.key !== null).map((r) => r.key as string))];
  const productIds = [...new Set(pairs.flatMap((p) => [p.anchor_id, p.product_id]).filter((id): id is string => id !== null))];
  const [rules, products] = await Promise.all([
    ruleIds.length ? prisma.rule.findMany({ where: { shop, id: { in: ruleIds } }, select: { id: true, name: true } }) : [],
    productIds.length ? prisma.product.findMany({ where: { shop, id: { in: productIds.map(BigInt) } }, select: { id: true, title: true } }) : [],
  ]);
  const ruleNames = new Map(rules.map((rule) => [rule.id, rule.name]));
  const titles = new Map(products.map((product) => [String(product.id), product.title]));

  const totalOrders = orders.find((r) => r.dim === "total");
  const orderCount = totalOrders?.orders ?? 0;
  const withOffer = totalOrders?.with_offer ?? 0;
  const withoutOffer = orderCount - withOffer;
  const withValue = totalOrders?.with_offer_value ?? 0;
  const allValue = totalOrders?.revenue ?? 0;

  const days: DailyPoint[] = [];
  for (let t = startOfDay(filters.from).getTime(); t < endOfRange(filters).getTime(); t += 86_400_000) {
    const day = isoDay(new Date(t));
    const e = eventCountsOf(events.find((r) => r.dim === "day" && r.key === day));
    const l = lineCountsOf(lines.find((r) => r.dim === "day" && r.key === day));
    const o = orders.find((r) => r.dim === "day" && r.key === day);
    days.push({
      day,
      impressions: e.impressions,
      visitors: e.visitors,
      attributedOrders: l.orders,
      convertingOrders: l.convertingOrders,
      attributedRevenue: l.revenue,
      conversionRate: ratio(l.convertingOrders, e.visitors),
      orders: o?.orders ?? 0,
      revenue: o?.revenue ?? 0,
    });
  }

  const byHoldout = (holdout: boolean, unit: "visitor" | "order") => groups.groups.find((g) => g.holdout === holdout && g.unit === unit);
  const treatmentVisitors = byHoldout(false, "visitor");
  const holdoutVisitors = byHoldout(true, "visitor");
  const result = experiment(
    { perVisitor: sample(treatmentVisitors), orderValue: sample(byHoldout(false, "order")), revenue: cents(treatmentVisitors?.total ?? 0) },
    { perVisitor: sample(holdoutVisitors), orderValue: sample(byHoldout(true, "order")), revenue: cents(holdoutVisitors?.total ?? 0) },
    moneyFormatter(currencyCode),
  );

  return {
    filters,
    currencyCode,
    totals: kpis(eventCountsOf(events.find((r) => r.dim === "total")), lineCountsOf(lines.find((r) => r.dim === "total"))),
    orders: {
      orders: orderCount,
      revenue: allValue,
      crossSellOrders: totalOrders?.cross_sell ?? 0,
      upsellOrders: totalOrders?.upsell ?? 0,
      crossSellRatio: ratio(totalOrders?.cross_sell ?? 0, orderCount),
      upsellRatio: ratio(totalOrders?.upsell ?? 0, orderCount),
      withOffer: { orders: withOffer, averageOrderValue: withOffer > 0 ? cents(withValue / withOffer) : null },
      withoutOffer: { orders: withoutOffer, averageOrderValue: withoutOffer > 0 ? cents((allValue - withValue) / withoutOffer) : null },
    },
    bySurface: breakdown("surface", events, lines, (key) => (key === null ? "Unknown" : ((SURFACE_LABELS as Record<string, string>)[key] ?? key))),
    byKind: breakdown("kind", events, lines, (key) => (key === null ? "Unknown" : ((OFFER_KIND_LABELS as Record<string, string>)[key] ?? key))),
    byRule: breakdown("rule", events, lines, (key) => (key === null ? "Recommendations (no rule)" : (ruleNames.get(key) ?? `Deleted rule (${key})`))),
    daily: days,
    topPairs: pairs.map((pair) => ({
      anchorProductId: pair.anchor_id,
      anchorTitle: pair.anchor_id === null ? null : (titles.get(pair.anchor_id) ?? null),
      productId: pair.product_id,
      productTitle: titles.get(pair.product_id) ?? null,
      impressions: pair.impressions,
      clicks: pair.clicks,
      addToCarts: pair.add_to_carts,
      orders: pair.orders,
      units: pair.units,
      revenue: pair.revenue,
    })),
    experiment: { ...result, holdoutShare: settings?.holdoutShare ?? 0, ordersWithoutVisitor: groups.withoutVisitor },
    email: {
      sent: email.sent,
      opened: email.opens_tracked ? email.opened : null,
      clicked: email.clicks_tracked ? email.clicked : null,
      ordered: email.ordered,
      orders: email.orders,
      revenue: email.revenue,
    },
  };
}

/** The dashboard's statements one by one (what kpiReport runs in parallel), for the benchmark. */
export const KPI_QUERIES: Record<string, (shop: string, filters: KpiFilters) => Promise<unknown>> = {
  events: (shop, filters) => analyticsRead((tx) => eventSets(tx, scopeOf(shop, filters), filters)),
  "attribution, orders, pairs": (shop, filters) => analyticsRead((tx) => attributionSets(tx, scopeOf(shop, filters), filters)),
  experiment: (shop, filters) => analyticsRead((tx) => experimentGroups(tx, scopeOf(shop, filters))),
  "email funnel": (shop, filters) => analyticsRead((tx) => emailFunnel(tx, scopeOf(shop, filters))),
};
