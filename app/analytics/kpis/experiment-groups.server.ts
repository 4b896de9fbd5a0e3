// The holdout experiment's two groups (visitors shown offers, visitors held out): their revenue per
// visitor and order values, the samples app/analytics/experiment.ts compares.
import { defineStatement, sql } from "../../db/statements.server";
import { SCOPED_ORDERS_CTE } from "./attribution.server";
import type { Tx } from "./read.server";
import { dayRange, scopeValues, type Scope } from "./scope.server";

export interface GroupRow {
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
const EXPERIMENT_GROUPS = defineStatement<{ groups: GroupRow[] | null; without_visitor: number }>(
  "pairwise-kpi-experiment-groups",
  `
    WITH ${SCOPED_ORDERS_CTE},
    -- holdout is null for a visitor found in both groups (left out below). Not a HAVING: its
    -- selectivity guess (a few hundred of ~100k visitors) would make the joins hash this side.
    members AS (
      SELECT v.visitor_id, CASE WHEN bool_and(v.holdout) THEN true WHEN NOT bool_or(v.holdout) THEN false END AS holdout
      FROM offer_visitor_days v
      WHERE v.shop = $1 AND ${dayRange("v")}
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
      (SELECT count(*) FROM scoped_orders WHERE visitor_id IS NULL)::int AS without_visitor`,
  { columns: ["groups", "without_visitor"] },
);

export async function experimentGroups(tx: Tx, scope: Scope): Promise<{ groups: GroupRow[]; withoutVisitor: number }> {
  const [row] = await sql.query(tx, EXPERIMENT_GROUPS, scopeValues(scope));
  return { groups: row?.groups ?? [], withoutVisitor: row?.without_visitor ?? 0 };
}
