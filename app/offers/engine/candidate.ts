// A candidate is an offer before the guardrails: where it came from, what it offers and why.
import type { Discount } from "../../rules/rule-schema";
import type { CandidateSource, OfferItem, OfferKind, OfferReason } from "./types";

export interface Candidate {
  kind: OfferKind;
  source: CandidateSource;
  /** The offered product; for an upgrade, the premium one. */
  productId: string;
  /** Set when a rule names the exact variant to offer. */
  variantId?: string;
  /** Upgrades: the anchor line it replaces, resolved to a variant. */
  replaces?: OfferItem;
  /** Recommender/catalog score, compared with the relevance threshold; null for rules and pins. */
  score: number | null;
  reason: OfferReason;
  ruleId?: string;
  discount?: Discount;
  valueText?: string;
  /** Upgrade rules' own ceiling; the shop's ceiling applies too. */
  maxPriceIncrease?: number | null;
}

/** Two candidates offering the same thing: the earlier source wins. */
export function candidateKey(candidate: Candidate): string {
  return candidate.kind === "upgrade"
    ? `upgrade|${candidate.replaces?.variantId}>${candidate.productId}:${candidate.variantId ?? ""}`
    : `cross_sell|${candidate.productId}`;
}
