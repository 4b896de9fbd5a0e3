// A report's scope in SQL: the shop, the range as timestamps and days, the filters, and the
// dimension/key of a GROUPING SETS row.
import { Prisma } from "@prisma/client";
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

/** Events of the shown-offers group in range, with the filters. */
export function eventWhere(scope: Scope, filters: KpiFilters, alias = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.shop = ${scope.shop} AND ${a}.occurred_at >= ${scope.from}::timestamp AND ${a}.occurred_at < ${scope.to}::timestamp
    AND NOT ${a}.holdout
    ${filters.surface ? Prisma.sql`AND ${a}.surface = ${filters.surface}` : Prisma.empty}
    ${filters.kind ? Prisma.sql`AND ${a}.offer_kind = ${filters.kind}` : Prisma.empty}
    ${ruleCondition(filters, Prisma.sql`${a}.rule_id`)}`;
}

export function ruleCondition(filters: KpiFilters, column: Prisma.Sql): Prisma.Sql {
  if (!filters.rule) return Prisma.empty;
  return filters.rule === NO_RULE ? Prisma.sql`AND ${column} IS NULL` : Prisma.sql`AND ${column} = ${filters.rule}`;
}

/** The dimension and key of a GROUPING SETS row over surface, kind, rule and day (total: neither). */
export const dimension = (surface: Prisma.Sql, kind: Prisma.Sql, rule: Prisma.Sql, day: Prisma.Sql) => Prisma.sql`
  CASE WHEN GROUPING(${surface}) = 0 THEN 'surface' WHEN GROUPING(${kind}) = 0 THEN 'kind'
       WHEN GROUPING(${rule}) = 0 THEN 'rule' WHEN GROUPING(${day}) = 0 THEN 'day' ELSE 'total' END AS dim,
  coalesce(CASE WHEN GROUPING(${surface}) = 0 THEN ${surface} WHEN GROUPING(${kind}) = 0 THEN ${kind} WHEN GROUPING(${rule}) = 0 THEN ${rule} END,
           to_char(${day}, 'YYYY-MM-DD')) AS key`;
export const column = (name: string) => Prisma.raw(name);

/** The range as whole days, for the daily rollups (`day` columns). */
export const dayRange = (scope: Scope, alias: string): Prisma.Sql => {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.day >= ${scope.from}::date AND ${a}.day < ${scope.to}::date`;
};
