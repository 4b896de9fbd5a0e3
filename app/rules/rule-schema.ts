// The shapes of a rule's JSON columns (Rule.trigger, offer, conditions, discount), validated with
// zod wherever rules are written (admin) or read (engine). A rule that no longer parses is skipped
// and shown as "invalid" in the trace rather than breaking every offer of the shop.
import { z } from "zod";
import { shopifyIdText } from "../shopify/ids";
import { deepFreeze } from "../offers/engine/deep-freeze";

const productId = shopifyIdText;
const text = z.string().trim().min(1).max(255);

export const surfaceSchema = z.enum(["product", "cart", "drawer", "checkout", "thank_you", "email"]);

/** Cross-sell: triggered when any product of the context matches any listed criterion. */
export const crossSellTriggerSchema = z
  .object({
    anyProduct: z.boolean().default(false),
    productIds: z.array(productId).max(250).default([]),
    collectionIds: z.array(productId).max(50).default([]),
    tags: z.array(text).max(50).default([]),
    vendors: z.array(text).max(50).default([]),
    productTypes: z.array(text).max(50).default([]),
  })
  .refine(
    (t) =>
      t.anyProduct ||
      t.productIds.length + t.collectionIds.length + t.tags.length + t.vendors.length + t.productTypes.length > 0,
    { message: "needs at least one trigger (or anyProduct)" },
  );

/** Cross-sell: the products offered, in the merchant's order. */
export const crossSellOfferSchema = z.object({ productIds: z.array(productId).min(1).max(10) });

/** Upgrade: from a product (any of its variants, or one variant) to a premium product or variant. */
const productRef = z.object({ productId, variantId: productId.optional() });
export const upgradeTriggerSchema = productRef;
export const upgradeOfferSchema = productRef;

export const discountSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("percentage"), value: z.number().gt(0).max(100) }),
  z.object({ type: z.literal("fixed_amount"), value: z.number().gt(0) }),
]);

export const conditionsSchema = z
  .object({
    customer: z.enum(["any", "new", "returning"]).default("any"),
    customerTagsAny: z.array(text).max(50).default([]),
    customerTagsNone: z.array(text).max(50).default([]),
    minSubtotal: z.number().nonnegative().optional(),
    maxSubtotal: z.number().nonnegative().optional(),
  })
  .refine((c) => c.minSubtotal === undefined || c.maxSubtotal === undefined || c.minSubtotal <= c.maxSubtotal, {
    message: "minSubtotal must not exceed maxSubtotal",
  });

export type CrossSellTrigger = z.output<typeof crossSellTriggerSchema>;
export type UpgradeRef = z.output<typeof upgradeTriggerSchema>;
export type Discount = z.output<typeof discountSchema>;
export type Conditions = z.output<typeof conditionsSchema>;
export type RuleSurface = z.output<typeof surfaceSchema>;

interface RuleCommon {
  id: string;
  name: string;
  enabled: boolean;
  /** Lower runs first: the position in the merchant's list. Ties: older rule first. */
  priority: number;
  /** When this rule matches, later rules, the recommender and the catalog fallback are skipped. */
  stopHere: boolean;
  /** Empty means every surface. */
  surfaces: RuleSurface[];
  discount: Discount | null;
  conditions: Conditions | null;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
}

export type Rule =
  | (RuleCommon & { kind: "cross_sell"; trigger: CrossSellTrigger; offer: { productIds: string[] } })
  | (RuleCommon & {
      kind: "upgrade";
      trigger: UpgradeRef;
      offer: UpgradeRef;
      valueText: string | null;
      /** This rule's own ceiling (share); the shop's ceiling still applies. */
      maxPriceIncrease: number | null;
    });

export interface RuleRowLike {
  id: string;
  name: string;
  kind: "CROSS_SELL" | "UPGRADE";
  enabled: boolean;
  priority: number;
  stopHere: boolean;
  trigger: unknown;
  offer: unknown;
  surfaces: string[];
  discount: unknown;
  conditions: unknown;
  valueText: string | null;
  maxPriceIncrease: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
}

export type ParsedRule = { ok: true; rule: Rule } | { ok: false; issues: string };

function issuesOf(error: z.ZodError, field: string): string {
  return error.issues.map((issue) => `${[field, ...issue.path].join(".")}: ${issue.message}`).join("; ");
}

/** Validates a stored rule's JSON columns; the trace shows the issues of one that fails. */
// Built once: building a zod schema is far dearer than running it (the storefront parses every rule per request).
const commonSchema = z.object({
  surfaces: z.array(surfaceSchema),
  discount: discountSchema.nullable(),
  conditions: conditionsSchema.nullable(),
});

// The rules an app process holds are deep-frozen and shared by every request
// (app/offers/serving/offer-inputs.server.ts): their parse is kept beside them, frozen too. A row that is not
// frozen may still change, so it is parsed each time.
const parsedFrozenRows = new WeakMap<RuleRowLike, ParsedRule>();

export function parseRule(row: RuleRowLike): ParsedRule {
  const frozen =
    Object.isFrozen(row) &&
    [row.trigger, row.offer, row.surfaces, row.discount, row.conditions].every(
      (value) => !value || Object.isFrozen(value),
    );
  if (!frozen) return parseRuleRow(row);
  let parsed = parsedFrozenRows.get(row);
  if (!parsed) {
    parsed = deepFreeze(parseRuleRow(row));
    parsedFrozenRows.set(row, parsed);
  }
  return parsed;
}

function parseRuleRow(row: RuleRowLike): ParsedRule {
  const commonResult = commonSchema.safeParse({
    surfaces: row.surfaces,
    discount: row.discount ?? null,
    conditions: row.conditions ?? null,
  });
  if (!commonResult.success) return { ok: false, issues: issuesOf(commonResult.error, "rule") };
  const base: RuleCommon = {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    priority: row.priority,
    stopHere: row.stopHere,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    createdAt: row.createdAt,
    ...commonResult.data,
  };
  if (row.kind === "CROSS_SELL") {
    const trigger = crossSellTriggerSchema.safeParse(row.trigger);
    if (!trigger.success) return { ok: false, issues: issuesOf(trigger.error, "trigger") };
    const offer = crossSellOfferSchema.safeParse(row.offer);
    if (!offer.success) return { ok: false, issues: issuesOf(offer.error, "offer") };
    return { ok: true, rule: { ...base, kind: "cross_sell", trigger: trigger.data, offer: offer.data } };
  }
  const trigger = upgradeTriggerSchema.safeParse(row.trigger);
  if (!trigger.success) return { ok: false, issues: issuesOf(trigger.error, "trigger") };
  const offer = upgradeOfferSchema.safeParse(row.offer);
  if (!offer.success) return { ok: false, issues: issuesOf(offer.error, "offer") };
  return {
    ok: true,
    rule: {
      ...base,
      kind: "upgrade",
      trigger: trigger.data,
      offer: offer.data,
      valueText: row.valueText,
      maxPriceIncrease: row.maxPriceIncrease,
    },
  };
}
