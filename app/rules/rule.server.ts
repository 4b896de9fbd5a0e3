// Merchant rules: list, read, create, update, delete, bulk enable/disable/delete. Every query is
// scoped by shop, so an id from another shop is simply not found (the routes answer 404). Values
// arrive already validated by the rule form's schema (app/rules/rule-form-schema.ts);
// this module only checks what a schema cannot: that the ids it names are this shop's.
import { Prisma, type RuleKind } from "@prisma/client";
import prisma from "../db.server";
import { conditionsSchema, discountSchema, parseRule, type Conditions } from "./rule-schema";
import type { Surface } from "../offers/engine/types";
import { emptyRuleValues, type RuleFormValues, type RuleWrite } from "./rule-form-schema";
import type { FieldErrors } from "../forms/field-errors";
import type { RuleStatus } from "./rule-status";
import { collectionsByIds, productsByIds, titlesByIds } from "../catalog/admin-catalog.server";

export interface RuleListFilters {
  query?: string;
  kind?: RuleKind;
  status?: RuleStatus;
  page?: number;
}

export interface RuleSummary {
  id: string;
  name: string;
  kind: RuleKind;
  enabled: boolean;
  status: RuleStatus;
  /** The stored JSON no longer parses: the engine skips the rule. */
  invalid: boolean;
  priority: number;
  stopHere: boolean;
  surfaces: Surface[];
  trigger: string;
  offer: string;
  discount: string | null;
  updatedAt: string;
}

export const RULES_PER_PAGE = 50;

const ruleSelect = {
  id: true,
  name: true,
  kind: true,
  enabled: true,
  priority: true,
  stopHere: true,
  trigger: true,
  offer: true,
  surfaces: true,
  discount: true,
  conditions: true,
  valueText: true,
  maxPriceIncrease: true,
  startsAt: true,
  endsAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.RuleSelect;

type RuleRow = Prisma.RuleGetPayload<{ select: typeof ruleSelect }>;

function statusOf(row: Pick<RuleRow, "enabled" | "startsAt" | "endsAt">, now: Date): RuleStatus {
  if (!row.enabled) return "disabled";
  if (row.endsAt && row.endsAt <= now) return "ended";
  if (row.startsAt && row.startsAt > now) return "scheduled";
  return "active";
}

function statusWhere(status: RuleStatus | undefined, now: Date): Prisma.RuleWhereInput {
  switch (status) {
    case "disabled":
      return { enabled: false };
    case "ended":
      return { enabled: true, endsAt: { lte: now } };
    case "scheduled":
      return { enabled: true, startsAt: { gt: now }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] };
    case "active":
      return {
        enabled: true,
        AND: [
          { OR: [{ startsAt: null }, { startsAt: { lte: now } }] },
          { OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
        ],
      };
    default:
      return {};
  }
}

const engineRow = (row: RuleRow) => ({
  ...row,
  maxPriceIncrease: row.maxPriceIncrease === null ? null : Number(row.maxPriceIncrease),
});

function ids(list: unknown, key: string): string[] {
  if (!list || typeof list !== "object") return [];
  const value = (list as Record<string, unknown>)[key];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

function names(values: readonly string[], titles: Record<string, string>, max = 3): string {
  const shown = values.slice(0, max).map((id) => titles[id] ?? `#${id}`);
  return values.length > max ? `${shown.join(", ")} +${values.length - max}` : shown.join(", ");
}

function discountText(discount: unknown): string | null {
  const parsed = discountSchema.safeParse(discount);
  if (!parsed.success) return null;
  return parsed.data.type === "percentage" ? `${parsed.data.value}% off` : `${parsed.data.value} off`;
}

function triggerText(row: RuleRow, titles: Record<string, string>): string {
  if (row.kind === "UPGRADE") return names(ids(row.trigger, "productId"), titles);
  const trigger = (row.trigger ?? {}) as Record<string, unknown>;
  if (trigger.anyProduct === true) return "Any product";
  const parts = [
    names(ids(trigger, "productIds"), titles),
    names(ids(trigger, "collectionIds"), titles),
    ...["tags", "vendors", "productTypes"].map((key) => ids(trigger, key).join(", ")),
  ].filter(Boolean);
  return parts.join(" · ");
}

export async function listRules(shop: string, filters: RuleListFilters = {}, now = new Date()) {
  const where: Prisma.RuleWhereInput = {
    shop,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.query?.trim() ? { name: { contains: filters.query.trim(), mode: "insensitive" } } : {}),
    ...statusWhere(filters.status, now),
  };
  const page = Math.max(1, filters.page ?? 1);
  const [rows, total, all] = await Promise.all([
    prisma.rule.findMany({
      where,
      orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * RULES_PER_PAGE,
      take: RULES_PER_PAGE,
      select: ruleSelect,
    }),
    prisma.rule.count({ where }),
    prisma.rule.count({ where: { shop } }),
  ]);
  const productIds = rows.flatMap((row) => [
    ...ids(row.trigger, "productIds"),
    ...ids(row.trigger, "productId"),
    ...ids(row.offer, "productIds"),
    ...ids(row.offer, "productId"),
  ]);
  const collectionIds = rows.flatMap((row) => ids(row.trigger, "collectionIds"));
  const titles = await titlesByIds(shop, productIds, collectionIds);
  const rules: RuleSummary[] = rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    status: statusOf(row, now),
    invalid: !parseRule(engineRow(row)).ok,
    priority: row.priority,
    stopHere: row.stopHere,
    surfaces: row.surfaces as Surface[],
    trigger: triggerText(row, titles),
    offer: names([...ids(row.offer, "productIds"), ...ids(row.offer, "productId")], titles),
    discount: discountText(row.discount),
    updatedAt: row.updatedAt.toISOString(),
  }));
  return { rules, total, page, pages: Math.max(1, Math.ceil(total / RULES_PER_PAGE)), shopHasRules: all > 0 };
}

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

/** A stored rule as the form edits it; stored JSON that no longer parses is shown as far as it goes. */
export function ruleToFormValues(row: RuleRow): RuleFormValues {
  const base = emptyRuleValues(row.kind);
  const discount = discountSchema.safeParse(row.discount);
  const conditions = conditionsSchema.safeParse(row.conditions);
  const c: Conditions | null = conditions.success ? conditions.data : null;
  const common = {
    name: row.name,
    enabled: row.enabled,
    priority: String(row.priority),
    stopHere: row.stopHere,
    surfaces: row.surfaces as Surface[],
    discount: discount.success ? { type: discount.data.type, value: String(discount.data.value) } : base.discount,
    conditions: c
      ? {
          customer: c.customer,
          customerTagsAny: c.customerTagsAny,
          customerTagsNone: c.customerTagsNone,
          minSubtotal: c.minSubtotal === undefined ? "" : String(c.minSubtotal),
          maxSubtotal: c.maxSubtotal === undefined ? "" : String(c.maxSubtotal),
        }
      : base.conditions,
    startsAt: row.startsAt ? dateOnly(row.startsAt) : "",
    // Stored exclusive (the next day's midnight); the form's end date is inclusive.
    endsAt: row.endsAt ? dateOnly(new Date(row.endsAt.getTime() - 86_400_000)) : "",
  };
  const trigger = (row.trigger ?? {}) as Record<string, unknown>;
  const offer = (row.offer ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  if (row.kind === "CROSS_SELL") {
    return {
      ...common,
      kind: "CROSS_SELL",
      trigger: {
        anyProduct: trigger.anyProduct === true,
        productIds: ids(trigger, "productIds"),
        collectionIds: ids(trigger, "collectionIds"),
        tags: ids(trigger, "tags"),
        vendors: ids(trigger, "vendors"),
        productTypes: ids(trigger, "productTypes"),
      },
      offer: { productIds: ids(offer, "productIds") },
    };
  }
  return {
    ...common,
    kind: "UPGRADE",
    trigger: { productId: text(trigger.productId), variantId: text(trigger.variantId) },
    offer: { productId: text(offer.productId), variantId: text(offer.variantId) },
    valueText: row.valueText ?? "",
    maxPriceIncrease: row.maxPriceIncrease === null ? "" : String(Math.round(Number(row.maxPriceIncrease) * 1000) / 10),
  };
}

/** The rule for its edit page, or null when this shop has no rule with that id. */
export async function getRuleForEdit(shop: string, id: string) {
  const row = await prisma.rule.findUnique({ where: { shop_id: { shop, id } }, select: ruleSelect });
  if (!row) return null;
  const parsed = parseRule(engineRow(row));
  return {
    id: row.id,
    kind: row.kind,
    values: ruleToFormValues(row),
    invalid: parsed.ok ? null : parsed.issues,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Ids the rule names that are not this shop's products, variants or collections, as field errors. */
export async function checkRuleReferences(shop: string, rule: RuleWrite): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (rule.kind === "CROSS_SELL") {
    const wanted = [...rule.trigger.productIds, ...rule.offer.productIds];
    const [products, collections] = await Promise.all([
      productsByIds(shop, wanted),
      collectionsByIds(shop, rule.trigger.collectionIds),
    ]);
    const known = new Set(products.map((product) => product.id));
    const knownCollections = new Set(collections.map((collection) => collection.id));
    const missing = (list: string[], set: Set<string>) => list.filter((id) => !set.has(id));
    const triggerMissing = missing(rule.trigger.productIds, known);
    const offerMissing = missing(rule.offer.productIds, known);
    const collectionsMissing = missing(rule.trigger.collectionIds, knownCollections);
    if (triggerMissing.length) errors["trigger.productIds"] = `Not in your catalog: ${triggerMissing.join(", ")}`;
    if (collectionsMissing.length)
      errors["trigger.collectionIds"] = `Not in your catalog: ${collectionsMissing.join(", ")}`;
    if (offerMissing.length) errors["offer.productIds"] = `Not in your catalog: ${offerMissing.join(", ")}`;
    return errors;
  }
  const products = await productsByIds(shop, [rule.trigger.productId, rule.offer.productId]);
  for (const [field, ref] of [
    ["trigger", rule.trigger],
    ["offer", rule.offer],
  ] as const) {
    const product = products.find((candidate) => candidate.id === ref.productId);
    if (!product) errors[`${field}.productId`] = `Not in your catalog: ${ref.productId}`;
    else if (ref.variantId && !product.variants.some((variant) => variant.id === ref.variantId)) {
      errors[`${field}.variantId`] = `Not a variant of ${product.title}`;
    }
  }
  return errors;
}

function ruleData(rule: RuleWrite) {
  return {
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    priority: rule.priority,
    stopHere: rule.stopHere,
    trigger: rule.trigger as Prisma.InputJsonValue,
    offer: rule.offer as Prisma.InputJsonValue,
    surfaces: rule.surfaces,
    discount: rule.discount === null ? Prisma.DbNull : (rule.discount as Prisma.InputJsonValue),
    conditions: rule.conditions === null ? Prisma.DbNull : (rule.conditions as Prisma.InputJsonValue),
    valueText: rule.valueText,
    maxPriceIncrease: rule.maxPriceIncrease === null ? null : new Prisma.Decimal(rule.maxPriceIncrease.toFixed(3)),
    startsAt: rule.startsAt,
    endsAt: rule.endsAt,
  };
}

export async function createRule(shop: string, rule: RuleWrite): Promise<{ id: string }> {
  return prisma.rule.create({ data: { shop, ...ruleData(rule) }, select: { id: true } });
}

/** False when this shop has no rule with that id: nothing is written. The kind never changes. */
export async function updateRule(shop: string, id: string, rule: RuleWrite): Promise<boolean> {
  const { count } = await prisma.rule.updateMany({ where: { shop, id, kind: rule.kind }, data: ruleData(rule) });
  return count === 1;
}

export async function ruleKind(shop: string, id: string): Promise<RuleKind | null> {
  const row = await prisma.rule.findUnique({ where: { shop_id: { shop, id } }, select: { kind: true } });
  return row?.kind ?? null;
}

export async function deleteRule(shop: string, id: string): Promise<boolean> {
  const { count } = await prisma.rule.deleteMany({ where: { shop, id } });
  return count === 1;
}

export type BulkRuleAction = "enable" | "disable" | "delete";

/**
 * Applies a bulk action to rules of this shop. All or nothing: when any id is not one of this
 * shop's rules, nothing changes and the result is null (the route answers 404).
 */
export async function bulkUpdateRules(
  shop: string,
  ruleIds: readonly string[],
  action: BulkRuleAction,
): Promise<number | null> {
  const wanted = [...new Set(ruleIds)];
  return prisma.$transaction(async (tx) => {
    const found = await tx.rule.count({ where: { shop, id: { in: wanted } } });
    if (found !== wanted.length) return null;
    const where = { shop, id: { in: wanted } };
    const { count } =
      action === "delete"
        ? await tx.rule.deleteMany({ where })
        : await tx.rule.updateMany({ where, data: { enabled: action === "enable" } });
    return count;
  });
}
