// The guardrails, in the order they run. Each looks at one candidate and says why it must go (a
// short detail) or nothing; the engine records every removal in the trace for the admin Preview.
// max_offers and holdout act on the whole list and live in engine.ts.
import type { Candidate } from "./candidate";
import { findVariant, type CatalogIndex } from "./catalog-index";
import type { GuardrailName, Guardrails, OfferContext, OfferItem, VisitorEvent } from "./types";

/** A candidate with its offered variant resolved and its tracking id. */
export interface ResolvedCandidate extends Candidate {
  offerId: string;
  item: OfferItem;
}

export interface GuardrailState {
  context: OfferContext;
  guardrails: Guardrails;
  catalog: CatalogIndex;
  anchors: readonly string[];
  /** "anchor>offered" product pairs the merchant blocked. */
  blocked: ReadonlySet<string>;
}

type Check = (candidate: ResolvedCandidate, state: GuardrailState) => string | undefined;

const HOUR_MS = 3_600_000;

/** The visitor's events inside the frequency-cap window (none when the cap is off). */
function eventsInWindow(state: GuardrailState): VisitorEvent[] {
  const hours = state.guardrails.frequencyCapHours;
  if (hours <= 0) return [];
  const since = state.context.now.getTime() - hours * HOUR_MS;
  return state.context.recentEvents.filter(
    (event) => event.occurredAt.getTime() >= since && event.occurredAt <= state.context.now,
  );
}

/** The same offer for the shopper: the same id, or the same product offered the same way on another surface. */
function sameOffer(event: VisitorEvent, candidate: ResolvedCandidate): boolean {
  return (
    event.offerId === candidate.offerId ||
    (event.offerKind === candidate.kind && event.offeredProductId === candidate.productId)
  );
}

/** Upgrade prices: what is replaced and what replaces it, in the shop's currency. */
export function upgradePrices(
  candidate: ResolvedCandidate,
  catalog: CatalogIndex,
): { from: number; to: number } | undefined {
  if (candidate.kind !== "upgrade" || !candidate.replaces) return undefined;
  const base = catalog.get(candidate.replaces.productId);
  const premium = catalog.get(candidate.productId);
  const from = base && findVariant(base, candidate.replaces.variantId)?.price;
  const to = premium && findVariant(premium, candidate.item.variantId)?.price;
  return from === undefined || to === undefined ? undefined : { from, to };
}

export const GUARDRAIL_CHECKS: readonly [GuardrailName, Check][] = [
  [
    "blocked",
    (candidate, state) => {
      const anchors = candidate.replaces ? [candidate.replaces.productId] : state.anchors;
      const anchor = anchors.find((id) => state.blocked.has(`${id}>${candidate.productId}`));
      return anchor ? `blocked with ${anchor}` : undefined;
    },
  ],
  [
    "unavailable",
    (candidate, state) => {
      const product = state.catalog.get(candidate.productId);
      if (!product) return "not in the catalog";
      if (product.status !== "ACTIVE") return `status ${product.status}`;
      if (!findVariant(product, candidate.variantId)) return `no variant ${candidate.variantId ?? ""}`.trim();
      return undefined;
    },
  ],
  [
    "out_of_stock",
    (candidate, state) => {
      const product = state.catalog.get(candidate.productId)!;
      const variant = findVariant(product, candidate.variantId)!;
      if (!product.available || !variant.available) return `variant ${variant.id} sold out`;
      return undefined;
    },
  ],
  [
    "in_cart",
    (candidate, state) => {
      const { context } = state;
      if (candidate.kind === "upgrade") {
        return context.cart.some((line) => line.variantId === candidate.item.variantId)
          ? "premium variant already in cart"
          : undefined;
      }
      if (candidate.productId === context.productId) return "the product being viewed";
      return context.cart.some((line) => line.productId === candidate.productId) ? "already in cart" : undefined;
    },
  ],
  [
    "price_ceiling",
    (candidate, state) => {
      const prices = upgradePrices(candidate, state.catalog);
      if (!prices) return undefined;
      const ceiling = Math.min(state.guardrails.upgradePriceCeiling, candidate.maxPriceIncrease ?? Infinity);
      const allowed = prices.from * (1 + ceiling);
      // Cents: 1e-9 absorbs float noise in 24.00 * 1.5.
      return prices.to > allowed + 1e-9
        ? `+${(((prices.to - prices.from) / (prices.from || 1)) * 100).toFixed(0)}% > +${(ceiling * 100).toFixed(0)}%`
        : undefined;
    },
  ],
  [
    "relevance",
    (candidate, state) =>
      candidate.score !== null && candidate.score < state.guardrails.relevanceThreshold
        ? `score ${candidate.score.toFixed(3)} < ${state.guardrails.relevanceThreshold}`
        : undefined,
  ],
  [
    "frequency_cap",
    (candidate, state) => {
      const seen = eventsInWindow(state).find(
        (event) => (event.type === "dismiss" || event.type === "add_to_cart") && sameOffer(event, candidate),
      );
      return seen
        ? `${seen.type === "dismiss" ? "dismissed" : "accepted"} ${seen.occurredAt.toISOString()}`
        : undefined;
    },
  ],
  [
    "after_accept",
    (candidate, state) => {
      // Right after an accept, only offers the shopper had already been shown may stay: nothing new piles on.
      const events = eventsInWindow(state);
      const accepts = events.filter((event) => event.type === "add_to_cart");
      if (accepts.length === 0) return undefined;
      const lastAccept = Math.max(...accepts.map((event) => event.occurredAt.getTime()));
      const shownBefore = events.some(
        (event) =>
          event.type === "impression" && event.occurredAt.getTime() <= lastAccept && sameOffer(event, candidate),
      );
      return shownBefore ? undefined : `accepted an offer ${new Date(lastAccept).toISOString()}`;
    },
  ],
];
