// Offer event counts and reach (distinct visitors shown offers), in total and by surface, kind,
// rule and day, from the daily rollups (migration 20261124150000_kpi_rollups; filtered reach reads
// the raw impressions).
import { Prisma } from "@prisma/client";
import { NO_RULE, type KpiFilters } from "../kpi-query";
import type { Tx } from "./read.server";
import { column, dayRange, dimension, eventWhere, type Scope } from "./scope.server";

export interface EventRow {
  dim: "total" | "surface" | "kind" | "rule" | "day";
  key: string | null;
  impressions: number;
  clicks: number;
  add_to_carts: number;
  dismissals: number;
  visitors: number;
}

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
export async function eventSets(tx: Tx, scope: Scope, filters: KpiFilters): Promise<EventRow[]> {
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
