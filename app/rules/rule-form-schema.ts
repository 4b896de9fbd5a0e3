// The rule form's one schema: the browser runs it for inline errors before submitting, the action
// runs it again on what arrives, and its output is exactly what app/rules/rule.server.ts stores.
// The JSON columns are validated by the offers engine's own schemas (app/rules/rule-schema.ts), so
// a rule the admin saves is a rule the engine accepts.
import { z } from "zod";
import {
  conditionsSchema,
  crossSellOfferSchema,
  crossSellTriggerSchema,
  discountSchema,
  surfaceSchema,
  upgradeOfferSchema,
  upgradeTriggerSchema,
  type Conditions,
  type CrossSellTrigger,
  type Discount,
  type RuleSurface,
  type UpgradeRef,
} from "./rule-schema";
import { SURFACES, type Surface } from "../offers/engine/types";
import { fieldErrors, numberish, type ErrorMessages, type FieldErrors } from "../forms/field-errors";

export { SURFACE_LABELS } from "../offers/engine/labels";

/** The form's state in the browser: text inputs hold strings, "" means "not set". */
interface CommonValues {
  name: string;
  enabled: boolean;
  priority: string;
  stopHere: boolean;
  surfaces: Surface[];
  discount: { type: "none" | "percentage" | "fixed_amount"; value: string };
  conditions: {
    customer: "any" | "new" | "returning";
    customerTagsAny: string[];
    customerTagsNone: string[];
    minSubtotal: string;
    maxSubtotal: string;
  };
  /** YYYY-MM-DD (UTC) or "". The end date is inclusive. */
  startsAt: string;
  endsAt: string;
}

export interface CrossSellValues extends CommonValues {
  kind: "CROSS_SELL";
  trigger: {
    anyProduct: boolean;
    productIds: string[];
    collectionIds: string[];
    tags: string[];
    vendors: string[];
    productTypes: string[];
  };
  offer: { productIds: string[] };
}

export interface UpgradeValues extends CommonValues {
  kind: "UPGRADE";
  trigger: { productId: string; variantId: string };
  offer: { productId: string; variantId: string };
  valueText: string;
  /** Percent, e.g. "50" for +50%; "" = only the shop's ceiling applies. */
  maxPriceIncrease: string;
}

export type RuleFormValues = CrossSellValues | UpgradeValues;
export type RuleKindValue = RuleFormValues["kind"];

export function emptyRuleValues(kind: RuleKindValue): RuleFormValues {
  const common: CommonValues = {
    name: "",
    enabled: true,
    priority: "0",
    stopHere: false,
    surfaces: ["product", "cart", "drawer"],
    discount: { type: "none", value: "" },
    conditions: { customer: "any", customerTagsAny: [], customerTagsNone: [], minSubtotal: "", maxSubtotal: "" },
    startsAt: "",
    endsAt: "",
  };
  return kind === "CROSS_SELL"
    ? {
        ...common,
        kind,
        trigger: { anyProduct: false, productIds: [], collectionIds: [], tags: [], vendors: [], productTypes: [] },
        offer: { productIds: [] },
      }
    : {
        ...common,
        kind,
        trigger: { productId: "", variantId: "" },
        offer: { productId: "", variantId: "" },
        valueText: "",
        maxPriceIncrease: "",
      };
}

/** What the rules table stores, validated: the action hands this to the model unchanged. */
interface RuleWriteCommon {
  name: string;
  enabled: boolean;
  priority: number;
  stopHere: boolean;
  surfaces: RuleSurface[];
  discount: Discount | null;
  conditions: Conditions | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

export type RuleWrite =
  | (RuleWriteCommon & {
      kind: "CROSS_SELL";
      trigger: CrossSellTrigger;
      offer: { productIds: string[] };
      valueText: null;
      maxPriceIncrease: null;
    })
  | (RuleWriteCommon & {
      kind: "UPGRADE";
      trigger: UpgradeRef;
      offer: UpgradeRef;
      valueText: string | null;
      maxPriceIncrease: number | null;
    });

const DAY_MS = 86_400_000;
const dateText = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Use a date like 2026-12-24")
  .refine((text) => text === "" || !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), "Not a date")
  .default("");

const number = (message = "Enter a number") => z.number({ error: message });

const discountForm = z
  .object({
    type: z.enum(["none", "percentage", "fixed_amount"]).default("none"),
    value: numberish(number().optional()),
  })
  .superRefine((discount, ctx) => {
    if (discount.type === "none") return;
    if (discount.value === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "Enter the discount" });
      return;
    }
    if (!discountSchema.safeParse(discount).success) {
      const message =
        discount.type === "percentage" ? "Enter a percentage above 0, at most 100" : "Enter an amount above 0";
      ctx.addIssue({ code: "custom", path: ["value"], message });
    }
  })
  .transform((discount): Discount | null =>
    discount.type === "none" || discount.value === undefined ? null : discountSchema.parse(discount),
  );

const tag = z.string().trim().min(1, "Empty tag").max(255, "Too long");
const money = numberish(number("Enter an amount").nonnegative("Enter 0 or more").optional());

const conditionsForm = z
  .object({
    customer: z.enum(["any", "new", "returning"]).default("any"),
    customerTagsAny: z.array(tag).max(50, "At most 50 tags").default([]),
    customerTagsNone: z.array(tag).max(50, "At most 50 tags").default([]),
    minSubtotal: money,
    maxSubtotal: money,
  })
  .superRefine((conditions, ctx) => {
    const { minSubtotal, maxSubtotal } = conditions;
    if (minSubtotal !== undefined && maxSubtotal !== undefined && minSubtotal > maxSubtotal) {
      ctx.addIssue({ code: "custom", path: ["maxSubtotal"], message: "Must be at least the minimum" });
    }
  })
  .transform((conditions): Conditions | null => {
    const unconditional =
      conditions.customer === "any" &&
      conditions.customerTagsAny.length === 0 &&
      conditions.customerTagsNone.length === 0 &&
      conditions.minSubtotal === undefined &&
      conditions.maxSubtotal === undefined;
    return unconditional ? null : conditionsSchema.parse(conditions);
  });

const common = {
  name: z.string().trim().min(1, "Give the rule a name").max(100, "Keep the name under 100 characters"),
  enabled: z.boolean().default(true),
  priority: numberish(
    number("Enter a whole number")
      .int("Enter a whole number")
      .min(0, "Enter 0 or more")
      .max(9999, "At most 9999")
      .default(0),
  ),
  stopHere: z.boolean().default(false),
  surfaces: z.array(surfaceSchema).min(1, "Choose at least one place to show the offer"),
  // Absent means none (zod 4 defaults are outputs).
  discount: discountForm.default(null),
  conditions: conditionsForm.default(null),
  startsAt: dateText,
  endsAt: dateText,
};

/** An empty variant field means "any variant" (upgrade from) or "the first available" (upgrade to). */
const withoutEmptyVariant = (value: unknown) => {
  if (
    value &&
    typeof value === "object" &&
    "variantId" in value &&
    (value.variantId === "" || value.variantId === null)
  ) {
    const { variantId: _omit, ...rest } = value;
    return rest;
  }
  return value;
};

const crossSellForm = z.object({
  kind: z.literal("CROSS_SELL"),
  ...common,
  trigger: crossSellTriggerSchema,
  offer: crossSellOfferSchema,
});

const upgradeForm = z.object({
  kind: z.literal("UPGRADE"),
  ...common,
  trigger: z.preprocess(withoutEmptyVariant, upgradeTriggerSchema),
  offer: z.preprocess(withoutEmptyVariant, upgradeOfferSchema),
  valueText: z.string().trim().max(200, "Keep it under 200 characters").default(""),
  maxPriceIncrease: numberish(
    number("Enter a percentage").min(0, "Enter 0 or more").max(1000, "At most 1000%").optional(),
  ),
});

function startOfDay(text: string): Date | null {
  return text === "" ? null : new Date(`${text}T00:00:00Z`);
}

export const ruleFormSchema = z
  .discriminatedUnion("kind", [crossSellForm, upgradeForm])
  .superRefine((rule, ctx) => {
    if (rule.startsAt && rule.endsAt && rule.endsAt < rule.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Ends before it starts" });
    }
    if (rule.kind === "UPGRADE" && rule.trigger.productId === rule.offer.productId) {
      const sameVariant = !rule.offer.variantId || rule.trigger.variantId === rule.offer.variantId;
      if (sameVariant)
        ctx.addIssue({
          code: "custom",
          path: ["offer", "productId"],
          message: "Choose a different product or variant to upgrade to",
        });
    }
  })
  .transform((rule): RuleWrite => {
    const base: RuleWriteCommon = {
      name: rule.name,
      enabled: rule.enabled,
      priority: rule.priority,
      stopHere: rule.stopHere,
      surfaces: rule.surfaces,
      discount: rule.discount,
      conditions: rule.conditions,
      startsAt: startOfDay(rule.startsAt),
      // The end date is inclusive: the rule stops at the start of the next day (the engine's endsAt is exclusive).
      endsAt: rule.endsAt ? new Date(startOfDay(rule.endsAt)!.getTime() + DAY_MS) : null,
    };
    if (rule.kind === "CROSS_SELL") {
      return {
        ...base,
        kind: "CROSS_SELL",
        trigger: rule.trigger,
        offer: rule.offer,
        valueText: null,
        maxPriceIncrease: null,
      };
    }
    return {
      ...base,
      kind: "UPGRADE",
      trigger: rule.trigger,
      offer: rule.offer,
      valueText: rule.valueText || null,
      maxPriceIncrease: rule.maxPriceIncrease === undefined ? null : rule.maxPriceIncrease / 100,
    };
  });

const MESSAGES: ErrorMessages = {
  kind: "Choose cross-sell or upgrade",
  trigger: "Choose what triggers the offer: products, collections, tags, vendors or product types (or any product)",
  "offer.productIds:too_small": "Choose at least one product to offer",
  "offer.productIds:too_big": "Offer at most 10 products",
  "trigger.productId": "Choose the product to upgrade from",
  "offer.productId:invalid_type": "Choose the product to upgrade to",
  "offer.productId:invalid_format": "Choose the product to upgrade to",
  "trigger.productIds:too_big": "At most 250 products",
  "surfaces.0": "Unknown surface",
};

export type RuleFormResult = { success: true; data: RuleWrite } | { success: false; errors: FieldErrors };

/** Validates the form's values (in the browser) or the submitted JSON (in the action). */
export function parseRuleForm(input: unknown): RuleFormResult {
  const result = ruleFormSchema.safeParse(input);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, errors: fieldErrors(result.error, MESSAGES) };
}

export const ALL_SURFACES: readonly Surface[] = SURFACES;
