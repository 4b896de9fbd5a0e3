// A report's scope in the KPI statements' SQL: $1 shop, $2 and $3 the range, $4–$6 the filters (null:
// none). Each statement is planned with its values (Prisma sends it unnamed), so a filter left null
// folds away and the plan is the one a statement written for those filters would get.
import { endOfRange, isoDay, NO_RULE, type KpiFilters } from "../kpi-query";

export interface Scope {
  shop: string;
  /** Range as timestamp literals (the columns are UTC timestamps without time zone). */
  from: string;
  to: string;
}

export function scopeOf(shop: string, filters: KpiFilters): Scope {
  return { shop, from: `${filters.from} 00:00:00`, to: `${isoDay(endOfRange(filters))} 00:00:00` };
}

/** $1 shop, $2 and $3 the range: every KPI statement's first parameters. */
export const scopeValues = (scope: Scope): unknown[] => [scope.shop, scope.from, scope.to];

/** $4 surface, $5 offer kind, $6 rule id or NO_RULE: the filtered statements' next ones (null: no filter). */
export const filterValues = (filters: KpiFilters): unknown[] => [
  filters.surface || null,
  filters.kind || null,
  filters.rule || null,
];

/** Events of the shown-offers group in range, with the filters. */
export function eventWhere(alias = "e"): string {
  return `${alias}.shop = $1 AND ${alias}.occurred_at >= $2::timestamp AND ${alias}.occurred_at < $3::timestamp
    AND NOT ${alias}.holdout
    AND ($4::text IS NULL OR ${alias}.surface = $4::text)
    AND ($5::text IS NULL OR ${alias}.offer_kind = $5::text)
    ${ruleCondition(`${alias}.rule_id`)}`;
}

/** The rule filter on a nullable rule id column (null: no rule). */
export function ruleCondition(column: string): string {
  return `AND ($6::text IS NULL OR CASE WHEN $6::text = '${NO_RULE}' THEN ${column} IS NULL ELSE ${column} = $6::text END)`;
}

/** The dimension and key of a GROUPING SETS row over surface, kind, rule and day (total: neither). */
export const dimension = (surface: string, kind: string, rule: string, day: string) => `
  CASE WHEN GROUPING(${surface}) = 0 THEN 'surface' WHEN GROUPING(${kind}) = 0 THEN 'kind'
       WHEN GROUPING(${rule}) = 0 THEN 'rule' WHEN GROUPING(${day}) = 0 THEN 'day' ELSE 'total' END AS dim,
  coalesce(CASE WHEN GROUPING(${surface}) = 0 THEN ${surface} WHEN GROUPING(${kind}) = 0 THEN ${kind} WHEN GROUPING(${rule}) = 0 THEN ${rule} END,
           to_char(${day}, 'YYYY-MM-DD')) AS key`;

/** The range as whole days, for the daily rollups (`day` columns). */
export const dayRange = (alias: string): string =>
  `${alias}.day >= $2::timestamp::date AND ${alias}.day < $3::timestamp::date`;
