// The one offers engine for every surface: pinned pairs, merchant rules (by priority, "stop here" ends
// the search), the recommender's neighbours, the catalog fallback for what is left; then the
// guardrails, each removal traced, then the holdout. Pure: the caller loads the inputs, and the
// fallback's pool only when the run reaches it (startOffers).
import { candidateKey, type Candidate } from "./candidate";
import { catalogWithPool, findVariant, indexCatalog, type CatalogIndex } from "./catalog-index";
import { GUARDRAIL_CHECKS, upgradePrices, type GuardrailState, type ResolvedCandidate } from "./guardrails";
import { isHoldout, offerId } from "./offer-id";
import { catalogFallbackCandidates, neighbourCandidates, pinnedCandidates } from "./pair-candidates";
import { anchorProductIds, ruleCandidates } from "./rule-candidates";
import { OFFER_KINDS, type CatalogProduct, type Offer, type OfferInput, type OfferResult, type Removal } from "./types";

export interface SelectOptions {
  /**
   * "full" (default) examines every candidate, so the trace says why each one was or was not
   * shown (the admin preview). "offers" stops once the surface is full and skips a holdout
   * visitor's search: the same offers and holdout flag (and, outside the holdout, the same
   * catalogFallback), with a trace of only what was examined. For the shopper-facing surfaces,
   * which never show the trace.
   */
  trace?: "full" | "offers";
}

/** One run over inputs whose catalog already holds the fallback's pool (or that need none). */
export function selectOffers(input: OfferInput, options: SelectOptions = {}): OfferResult {
  const run = startOffers(input, options);
  return run.done ? run.result : run.withPool([]);
}

/**
 * One run, which pauses where the catalog fallback begins: the caller then loads the fallback's
 * pool (products sharing an attribute with `anchors`) and ends the run with `withPool`, once. The
 * result is what selectOffers gives with the pool in `input.catalog`: nothing before the fallback
 * reads a product that only the pool holds.
 */
export type OfferRun =
  | { done: true; result: OfferResult }
  | { done: false; anchors: readonly string[]; withPool(pool: readonly CatalogProduct[]): OfferResult };

export function startOffers(input: OfferInput, options: SelectOptions = {}): OfferRun {
  const { context, guardrails, shop } = input;
  const offersOnly = options.trace === "offers";
  if (offersOnly && isHoldout(context.visitorId, guardrails.holdoutShare)) {
    return {
      done: true,
      result: { offers: [], holdout: true, catalogFallback: false, trace: { rules: [], removed: [] } },
    };
  }
  const catalog = indexCatalog(input.catalog);
  const kinds = new Set(context.kinds ?? OFFER_KINDS);
  const anchors = anchorProductIds(context);
  const limit = Math.max(0, Math.min(guardrails.maxOffersPerSurface, context.limit ?? Infinity));
  const cartSubtotal =
    context.cartSubtotal ??
    context.cart.reduce((sum, line) => {
      const product = catalog.get(line.productId);
      return sum + (product ? (findVariant(product, line.variantId)?.price ?? 0) : 0) * line.quantity;
    }, 0);

  const rules = ruleCandidates(input.rules, context, catalog, kinds, cartSubtotal);
  const crossSells = kinds.has("cross_sell");
  const ordered: Candidate[] = [
    ...(crossSells ? pinnedCandidates(anchors, input.overrides, input.neighbours) : []),
    ...rules.candidates,
    ...(crossSells && !rules.stoppedBy ? neighbourCandidates(anchors, input.neighbours, catalog) : []),
  ];

  const state: GuardrailState = {
    context,
    guardrails,
    catalog,
    anchors,
    // A block works both ways: "never show B with A" also means "never show A with B".
    blocked: new Set(
      input.overrides
        .filter((o) => o.mode === "BLOCK")
        .flatMap((o) => [`${o.productId}>${o.otherProductId}`, `${o.otherProductId}>${o.productId}`]),
    ),
  };
  const removed: Removal[] = [];
  const seen = new Set<string>();
  const pass = (candidates: Candidate[], alreadyKept: number, checked: GuardrailState) => {
    const kept: ResolvedCandidate[] = [];
    for (const candidate of candidates) {
      if (offersOnly && alreadyKept + kept.length >= limit) break;
      const key = candidateKey(candidate);
      if (seen.has(key)) continue; // the same offer from a later source: the earlier one stands
      seen.add(key);
      // A product offered as an upgrade is not offered again as a cross-sell beside it.
      if (candidate.kind === "upgrade") seen.add(candidateKey({ ...candidate, kind: "cross_sell" }));
      const resolved = resolve(shop, context.surface, candidate, checked.catalog);
      const failed = firstFailure(resolved, checked);
      if (failed) removed.push(removal(candidate, failed.guardrail, failed.detail));
      if (!failed) kept.push(resolved);
    }
    return kept;
  };
  const finish = (survivors: ResolvedCandidate[], catalogFallback: boolean, catalog: CatalogIndex): OfferResult => {
    for (const extra of survivors.slice(limit)) removed.push(removal(extra, "max_offers", `limit ${limit}`));
    let offers = survivors.slice(0, limit).map((candidate) => toOffer(candidate, context.surface, catalog));
    const holdout = isHoldout(context.visitorId, guardrails.holdoutShare);
    if (holdout) {
      for (const offer of offers) {
        removed.push({
          guardrail: "holdout",
          kind: offer.kind,
          productId: offer.products[0].productId,
          source: sourceOf(offer),
          detail: offer.offerId,
        });
      }
      offers = [];
    }
    return {
      offers,
      holdout,
      catalogFallback,
      trace: { rules: rules.trace, ...(rules.stoppedBy ? { stoppedBy: rules.stoppedBy } : {}), removed },
    };
  };

  const survivors = pass(ordered, 0, state);
  if (!(survivors.length < limit && crossSells && !rules.stoppedBy))
    return { done: true, result: finish(survivors, false, catalog) };
  return {
    done: false,
    anchors,
    withPool(pool) {
      // The pool's products after the input's, as if the input's catalog had held them.
      const merged = catalogWithPool(input.catalog, pool, catalog);
      const pooled = merged === input.catalog ? catalog : indexCatalog(merged);
      survivors.push(
        ...pass(catalogFallbackCandidates(anchors, pooled, limit * 3 + anchors.length), survivors.length, {
          ...state,
          catalog: pooled,
        }),
      );
      return finish(survivors, true, pooled);
    },
  };
}

/** Guardrails stop at the first that removes a candidate: the trace names one reason per removal. */
function firstFailure(candidate: ResolvedCandidate, state: GuardrailState) {
  for (const [guardrail, check] of GUARDRAIL_CHECKS) {
    const detail = check(candidate, state);
    if (detail !== undefined) return { guardrail, detail };
  }
  return undefined;
}

function removal(candidate: Candidate, guardrail: Removal["guardrail"], detail: string): Removal {
  return {
    guardrail,
    kind: candidate.kind,
    productId: candidate.productId,
    source: candidate.source,
    ...(candidate.ruleId ? { ruleId: candidate.ruleId } : {}),
    ...(detail ? { detail } : {}),
  };
}

function resolve(
  shop: string,
  surface: Offer["surface"],
  candidate: Candidate,
  catalog: CatalogIndex,
): ResolvedCandidate {
  const product = catalog.get(candidate.productId);
  const variantId = candidate.variantId ?? (product ? findVariant(product, undefined)?.id : undefined) ?? "";
  const item = { productId: candidate.productId, variantId };
  return { ...candidate, item, offerId: offerId(shop, surface, candidate.kind, [item], candidate.replaces) };
}

function sourceOf(offer: Offer): Removal["source"] {
  if (offer.reason.type === "rule") return "rule";
  if (offer.reason.type === "catalog") return "catalog";
  return offer.reason.pinned ? "pin" : "history";
}

function toOffer(candidate: ResolvedCandidate, surface: Offer["surface"], catalog: CatalogIndex): Offer {
  const prices = upgradePrices(candidate, catalog);
  return {
    offerId: candidate.offerId,
    kind: candidate.kind,
    surface,
    products: [candidate.item],
    ...(candidate.replaces ? { replaces: candidate.replaces } : {}),
    reason: candidate.reason,
    ...(candidate.discount ? { discount: candidate.discount } : {}),
    ...(candidate.valueText ? { valueText: candidate.valueText } : {}),
    ...(prices ? { priceDelta: Math.round((prices.to - prices.from) * 100) / 100 } : {}),
  };
}
