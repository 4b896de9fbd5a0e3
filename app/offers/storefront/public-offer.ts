// What a storefront caller may see of an offer: everything but the merchant's rule names (internal
// labels like "Clear old stock"); the rule id stays for attribution.
import type { Offer } from "../engine/types";

export type PublicOffer = Omit<Offer, "reason"> & {
  reason: Exclude<Offer["reason"], { type: "rule" }> | { type: "rule"; ruleId: string };
};

export function toPublicOffer(offer: Offer): PublicOffer {
  if (offer.reason.type !== "rule") return offer as PublicOffer;
  return { ...offer, reason: { type: "rule", ruleId: offer.reason.ruleId } };
}
