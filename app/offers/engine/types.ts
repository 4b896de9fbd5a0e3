// The offers engine's inputs and outputs: plain data, so every surface (theme blocks, checkout,
// thank-you page, email) and the admin Preview call the same engine with what they know.
// Ids are Shopify's numeric ids as decimal strings (JSON-safe, and what the storefront sends).
import type { Discount, Rule, RuleRowLike } from "../../rules/rule-schema";

export const SURFACES = ["product", "cart", "drawer", "checkout", "thank_you", "email"] as const;
export type Surface = (typeof SURFACES)[number];

export const OFFER_KINDS = ["cross_sell", "upgrade"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/** Guardrails of one shop (ShopSettings columns); each has an "off" value (0, or a very large number). */
export interface Guardrails {
  /** At most this many offers per response. */
  maxOffersPerSurface: number;
  /** An upgrade may cost at most this share more than what it replaces (0.5 = +50%). */
  upgradePriceCeiling: number;
  /** Recommender and catalog candidates must score at least this; merchant rules and pins are exempt. */
  relevanceThreshold: number;
  /** Window for "no repeat of a dismissed/accepted offer" and "nothing new right after an accept"; 0 = off. */
  frequencyCapHours: number;
  /** Share of visitors who see nothing, for lift measurement; 0 = off. */
  holdoutShare: number;
}

export const DEFAULT_GUARDRAILS: Guardrails = {
  maxOffersPerSurface: 3,
  upgradePriceCeiling: 0.5,
  relevanceThreshold: 0.05,
  frequencyCapHours: 24,
  holdoutShare: 0.1,
};

export interface CatalogVariant {
  id: string;
  productId: string;
  title: string;
  /** In the shop's currency; used only for comparisons (ceilings, subtotals), never shown. */
  price: number;
  available: boolean;
  position: number;
}

export interface CatalogProduct {
  id: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  collectionIds: string[];
  /** Shopify status; only ACTIVE products are offered. */
  status: string;
  available: boolean;
  variants: CatalogVariant[];
}

/** What the recommender knows about "bought with the anchor", as stored in product_stats.neighbours. */
export interface Neighbour {
  id: string;
  score: number;
  together: number;
  support: number;
  confidence: number;
  lift: number;
  source: "history" | "catalog";
}

export type NeighbourExplanation = Omit<Neighbour, "id">;

export interface PairOverride {
  productId: string;
  otherProductId: string;
  mode: "PIN" | "BLOCK";
}

export interface CartLine {
  productId: string;
  variantId: string;
  quantity: number;
}

export interface CustomerFacts {
  /** Unknown (anonymous shopper) when undefined. */
  returning?: boolean;
  tags?: string[];
}

/** A past offer event of this visitor, as the frequency cap needs it. */
export interface VisitorEvent {
  type: "impression" | "click" | "add_to_cart" | "dismiss";
  offerId: string;
  offerKind: OfferKind;
  offeredProductId: string | null;
  occurredAt: Date;
}

export interface OfferContext {
  surface: Surface;
  /** The product being viewed (product surface). */
  productId?: string;
  variantId?: string;
  cart: CartLine[];
  customer?: CustomerFacts;
  /** In the shop's currency; computed from the catalog and the cart when not given. */
  cartSubtotal?: number;
  visitorId?: string;
  recentEvents: VisitorEvent[];
  /** Only these kinds (a block asks for the kind it shows); all when absent. */
  kinds?: OfferKind[];
  /** A block's own, lower limit; the shop's maxOffersPerSurface always applies. */
  limit?: number;
  now: Date;
}

/** Rule rows as stored: JSON columns are unknown until rule-schema.ts has validated them. */
export type RuleRow = RuleRowLike;

export interface OfferInput {
  shop: string;
  guardrails: Guardrails;
  rules: RuleRow[];
  overrides: PairOverride[];
  /** The recommender's neighbours of the context's product or cart, best first. */
  neighbours: Neighbour[];
  /** Facts of every product the engine may name: anchors, candidates and the catalog fallback pool. */
  catalog: CatalogProduct[];
  context: OfferContext;
}

export interface CatalogMatched {
  collectionIds: string[];
  productType: boolean;
  vendor: boolean;
  tags: string[];
}

export type OfferReason =
  | { type: "rule"; ruleId: string; ruleName: string }
  | { type: "pair"; explanation: NeighbourExplanation | null; pinned?: true }
  | { type: "catalog"; matched: CatalogMatched };

export interface OfferItem {
  productId: string;
  /** The variant offered first (the first available one); the shopper may pick another. */
  variantId: string;
}

export interface Offer {
  /** Stable tracking id: the same offer gets the same id on every request (see offer-id.ts). */
  offerId: string;
  kind: OfferKind;
  surface: Surface;
  products: OfferItem[];
  /** Upgrades: the product/variant the offer replaces. */
  replaces?: OfferItem;
  reason: OfferReason;
  discount?: Discount;
  /** Upgrades: the merchant's "why it's worth it". */
  valueText?: string;
  /** Upgrades: premium price minus replaced price, in the shop's currency. */
  priceDelta?: number;
}

export const GUARDRAILS = [
  "blocked",
  "unavailable",
  "out_of_stock",
  "in_cart",
  "price_ceiling",
  "relevance",
  "frequency_cap",
  "after_accept",
  "max_offers",
  "holdout",
] as const;
export type GuardrailName = (typeof GUARDRAILS)[number];

export type CandidateSource = "pin" | "rule" | "history" | "catalog";

export interface Removal {
  guardrail: GuardrailName;
  kind: OfferKind;
  productId: string;
  source: CandidateSource;
  ruleId?: string;
  detail?: string;
}

export type RuleOutcome =
  | "matched"
  | "invalid"
  | "disabled"
  | "off_surface"
  | "out_of_schedule"
  | "conditions_unmet"
  | "not_triggered"
  | "kind_not_requested"
  | "skipped_by_stop_here";

export interface RuleTrace {
  ruleId: string;
  ruleName: string;
  outcome: RuleOutcome;
  detail?: string;
}

export interface OfferTrace {
  rules: RuleTrace[];
  /** The rule whose "stop here" ended the search, if any. */
  stoppedBy?: string;
  /** Every candidate a guardrail removed, in guardrail order. */
  removed: Removal[];
}

export interface OfferResult {
  offers: Offer[];
  /** The visitor is in the holdout group: they see nothing, and measurement knows why. */
  holdout: boolean;
  /**
   * The catalog fallback ran: the result depends on the catalog pool (in the input's catalog, or
   * given to the paused run: startOffers in app/offers/engine/engine.ts).
   */
  catalogFallback?: boolean;
  trace: OfferTrace;
}

export type { Rule };
