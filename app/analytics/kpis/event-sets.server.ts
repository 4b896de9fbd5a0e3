// Offer event counts and reach (distinct visitors shown offers), in total and by surface, kind,
// rule and day, from the daily rollups (migration 20261124150000_kpi_rollups; filtered reach reads
// the raw impressions).
import { defineStatement, sql } from "../../db/statements.server";
import { NO_RULE, type KpiFilters } from "../kpi-query";
import type { Tx } from "./read.server";
import { dayRange, dimension, eventWhere, filterValues, scopeValues, type Scope } from "./scope.server";

export interface EventRow {
  dim: "total" | "surface" | "kind" | "rule" | "day";
  key: string | null;
  impressions: number;
  clicks: number;
  add_to_carts: number;
  dismissals: number;
  visitors: number;
}

/** Rows of the event counts rollup: shown-offers group and range; with the filters $4–$6 (a rule id of '' is no rule). */
const COUNT_WHERE = `c.shop = $1 AND ${dayRange("c")} AND NOT c.holdout`;
const COUNT_FILTERS = `
    AND ($4::text IS NULL OR c.surface = $4::text)
    AND ($5::text IS NULL OR c.offer_kind = $5::text)
    AND ($6::text IS NULL OR c.rule_id = CASE WHEN $6::text = '${NO_RULE}' THEN '' ELSE $6::text END)`;

/**
 * Distinct visitors shown offers per (dim, key). Unfiltered: from the visitor-day rollup (one row
 * per visitor and day with the day's surfaces, kinds and rules): a day's visitors are its rows, the
 * range's are its rows less the repeats, and per surface, kind or rule a visitor seen on a single
 * day counts through their row's set, one seen on several days once over them. With a filter, a visitor counts only
 * for impressions matching every filter at once, which the rollup's per-day sets cannot tell:
 * the range's raw impressions are read instead.
 */
const REACH = `
    visitor_days AS MATERIALIZED (
      SELECT v.visitor_id, v.day, v.surfaces, v.kinds, v.rules
      FROM offer_visitor_days v
      WHERE v.shop = $1 AND ${dayRange("v")} AND NOT v.holdout
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

/** With a filter: from the raw impressions matching every filter ($1–$6, eventWhere). */
const FILTERED_REACH = `
    reach AS (
      SELECT dim, key, count(*)::int AS visitors FROM (
        SELECT ${dimension("surface", "offer_kind", "rule_id", "day")}
        FROM (
          SELECT e.visitor_id, e.surface, e.offer_kind, e.rule_id, date_trunc('day', e.occurred_at) AS day
          FROM offer_events e
          WHERE ${eventWhere()} AND e.type = 'impression' AND e.visitor_id IS NOT NULL
        ) ev
        GROUP BY GROUPING SETS ((visitor_id), (surface, visitor_id), (offer_kind, visitor_id), (rule_id, visitor_id), (day, visitor_id))
      ) per_visitor
      GROUP BY dim, key
    )`;

/**
 * Event counts and distinct visitors shown offers, in total and by surface, kind, rule and day.
 * Counts are sums over the daily rollup `offer_event_counts` (exactly the raw events: it is kept
 * by triggers in the inserting transaction, migration 20261124150000_kpi_rollups); reach as above.
 */
function eventSetsSql(where: string, reach: string): string {
  return `
    WITH counts AS (
      SELECT c.surface, c.offer_kind, NULLIF(c.rule_id, '') AS rule_id, c.day::timestamp AS day, c.type, c.events
      FROM offer_event_counts c
      WHERE ${where}
    ),
    event_sets AS (
      SELECT ${dimension("surface", "offer_kind", "rule_id", "day")},
        coalesce(sum(events) FILTER (WHERE type = 'impression'), 0)::int AS impressions,
        coalesce(sum(events) FILTER (WHERE type = 'click'), 0)::int AS clicks,
        coalesce(sum(events) FILTER (WHERE type = 'add_to_cart'), 0)::int AS add_to_carts,
        coalesce(sum(events) FILTER (WHERE type = 'dismiss'), 0)::int AS dismissals
      FROM counts
      GROUP BY GROUPING SETS ((), (surface), (offer_kind), (rule_id), (day))
    ),
    ${reach}
    SELECT json_agg(x) AS events
    FROM (SELECT c.*, coalesce(r.visitors, 0) AS visitors FROM event_sets c LEFT JOIN reach r ON r.dim = c.dim AND r.key IS NOT DISTINCT FROM c.key) x`;
}

/** $1–$3 the scope (scope.server.ts). */
const EVENT_SETS = defineStatement<{ events: EventRow[] | null }>(
  "pairwise-kpi-event-sets",
  eventSetsSql(COUNT_WHERE, REACH),
  { columns: ["events"] },
);

/** $1–$6 the scope and the filters. */
const FILTERED_EVENT_SETS = defineStatement<{ events: EventRow[] | null }>(
  "pairwise-kpi-event-sets-filtered",
  eventSetsSql(COUNT_WHERE + COUNT_FILTERS, FILTERED_REACH),
  { columns: ["events"] },
);

export async function eventSets(tx: Tx, scope: Scope, filters: KpiFilters): Promise<EventRow[]> {
  const [row] =
    filters.surface || filters.kind || filters.rule
      ? await sql.query(tx, FILTERED_EVENT_SETS, [...scopeValues(scope), ...filterValues(filters)])
      : await sql.query(tx, EVENT_SETS, scopeValues(scope));
  return row?.events ?? [];
}
