// The rules the analytics page can filter by: the shop's, by name (a rule deleted since still shows
// in the report, by id).
import prisma from "../db.server";

export interface RuleOption {
  id: string;
  name: string;
}

/** The shop's rules by name, at most 500 (the filter is a select). */
export function ruleFilterOptions(shop: string): Promise<RuleOption[]> {
  return prisma.rule.findMany({
    where: { shop },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
  });
}
