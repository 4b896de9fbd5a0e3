// Merchant rules, in the merchant's order: each is checked for surface, schedule, customer
// conditions and trigger; a matching rule yields its offers, and "stop here" ends the search
// (like Rebuy's exit-if-matched). The trace says what happened to every rule.
import type { Candidate } from "./candidate";
import { defaultVariant, findVariant, normaliseText, type CatalogIndex } from "./catalog-index";
import { parseRule, type Conditions, type CrossSellTrigger, type Rule } from "../../rules/rule-schema";
import type { CatalogProduct, OfferContext, OfferItem, OfferKind, RuleRow, RuleTrace } from "./types";

export interface RuleEvaluation {
  candidates: Candidate[];
  trace: RuleTrace[];
  stoppedBy?: string;
}

export function ruleCandidates(
  rows: readonly RuleRow[],
  context: OfferContext,
  catalog: CatalogIndex,
  kinds: ReadonlySet<OfferKind>,
  cartSubtotal: number,
): RuleEvaluation {
  const ordered = [...rows].sort(
    (a, b) => a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  const result: RuleEvaluation = { candidates: [], trace: [] };
  for (const row of ordered) {
    const note = (outcome: RuleTrace["outcome"], detail?: string) =>
      result.trace.push({ ruleId: row.id, ruleName: row.name, outcome, ...(detail ? { detail } : {}) });
    if (result.stoppedBy) {
      note("skipped_by_stop_here");
      continue;
    }
    const parsed = parseRule(row);
    if (!parsed.ok) {
      note("invalid", parsed.issues);
      continue;
    }
    const rule = parsed.rule;
    const skip = whyNot(rule, context, kinds, cartSubtotal);
    if (skip) {
      note(skip);
      continue;
    }
    const candidates =
      rule.kind === "cross_sell" ? crossSellOffers(rule, context, catalog) : upgradeOffers(rule, context, catalog);
    if (!candidates) {
      note("not_triggered");
      continue;
    }
    note("matched");
    result.candidates.push(...candidates);
    if (rule.stopHere) result.stoppedBy = rule.id;
  }
  return result;
}

function whyNot(
  rule: Rule,
  context: OfferContext,
  kinds: ReadonlySet<OfferKind>,
  cartSubtotal: number,
): RuleTrace["outcome"] | null {
  if (!rule.enabled) return "disabled";
  if (!kinds.has(rule.kind)) return "kind_not_requested";
  if (rule.surfaces.length > 0 && !rule.surfaces.includes(context.surface)) return "off_surface";
  if ((rule.startsAt && rule.startsAt > context.now) || (rule.endsAt && rule.endsAt <= context.now))
    return "out_of_schedule";
  if (rule.conditions && !conditionsMet(rule.conditions, context, cartSubtotal)) return "conditions_unmet";
  return null;
}

function conditionsMet(conditions: Conditions, context: OfferContext, cartSubtotal: number): boolean {
  const customer = context.customer;
  // An anonymous shopper is neither new nor returning: a rule that needs either does not apply.
  if (conditions.customer === "new" && customer?.returning !== false) return false;
  if (conditions.customer === "returning" && customer?.returning !== true) return false;
  const tags = new Set((customer?.tags ?? []).map(normaliseText));
  if (conditions.customerTagsAny.length > 0 && !conditions.customerTagsAny.some((tag) => tags.has(normaliseText(tag))))
    return false;
  if (conditions.customerTagsNone.some((tag) => tags.has(normaliseText(tag)))) return false;
  if (conditions.minSubtotal !== undefined && cartSubtotal < conditions.minSubtotal) return false;
  if (conditions.maxSubtotal !== undefined && cartSubtotal > conditions.maxSubtotal) return false;
  return true;
}

/** The products the context is about: the viewed product, then the cart's. */
export function anchorProductIds(context: OfferContext): string[] {
  return [
    ...new Set([...(context.productId ? [context.productId] : []), ...context.cart.map((line) => line.productId)]),
  ];
}

function triggers(trigger: CrossSellTrigger, product: CatalogProduct | undefined, productId: string): boolean {
  if (trigger.anyProduct || trigger.productIds.includes(productId)) return true;
  if (!product) return false;
  const tags = new Set(product.tags.map(normaliseText));
  const has = (list: string[], value: string) =>
    list.some((item) => normaliseText(item) === normaliseText(value) && value.trim() !== "");
  return (
    trigger.collectionIds.some((id) => product.collectionIds.includes(id)) ||
    trigger.tags.some((tag) => tags.has(normaliseText(tag))) ||
    has(trigger.vendors, product.vendor) ||
    has(trigger.productTypes, product.productType)
  );
}

function crossSellOffers(
  rule: Extract<Rule, { kind: "cross_sell" }>,
  context: OfferContext,
  catalog: CatalogIndex,
): Candidate[] | null {
  const triggered = anchorProductIds(context).some((id) => triggers(rule.trigger, catalog.get(id), id));
  if (!triggered) return null;
  return rule.offer.productIds.map((productId) => ({
    kind: "cross_sell",
    source: "rule",
    productId,
    score: null,
    ruleId: rule.id,
    reason: { type: "rule", ruleId: rule.id, ruleName: rule.name },
    ...(rule.discount ? { discount: rule.discount } : {}),
  }));
}

/** The context line an upgrade rule replaces: the viewed product's variant, or a cart line. */
function upgradeBase(
  rule: Extract<Rule, { kind: "upgrade" }>,
  context: OfferContext,
  catalog: CatalogIndex,
): OfferItem | null {
  const { productId, variantId } = rule.trigger;
  const wanted = (line: OfferItem) =>
    line.productId === productId && (variantId === undefined || line.variantId === variantId);
  const lines: OfferItem[] = [...context.cart];
  if (context.productId) {
    const viewed =
      context.variantId ?? (catalog.get(context.productId) && defaultVariant(catalog.get(context.productId)!)?.id);
    if (viewed) lines.unshift({ productId: context.productId, variantId: viewed });
  }
  const line = lines.find(wanted);
  return line ? { productId: line.productId, variantId: line.variantId } : null;
}

function upgradeOffers(
  rule: Extract<Rule, { kind: "upgrade" }>,
  context: OfferContext,
  catalog: CatalogIndex,
): Candidate[] | null {
  const replaces = upgradeBase(rule, context, catalog);
  if (!replaces) return null;
  const premium = catalog.get(rule.offer.productId);
  const variantId = rule.offer.variantId ?? (premium ? findVariant(premium, undefined)?.id : undefined);
  return [
    {
      kind: "upgrade",
      source: "rule",
      productId: rule.offer.productId,
      ...(variantId ? { variantId } : {}),
      replaces,
      score: null,
      ruleId: rule.id,
      reason: { type: "rule", ruleId: rule.id, ruleName: rule.name },
      ...(rule.discount ? { discount: rule.discount } : {}),
      ...(rule.valueText ? { valueText: rule.valueText } : {}),
      maxPriceIncrease: rule.maxPriceIncrease,
    },
  ];
}
