// A rule's status as the rules list shows and filters it.
export const RULE_STATUSES = ["active", "scheduled", "ended", "disabled"] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];
