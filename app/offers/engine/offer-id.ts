// Offer ids track an offer from impression to order line (`_pairwise_offer`). The same offer must
// get the same id on every request, so the id is a hash of what the offer is: shop, surface, kind,
// the offered products, and for an upgrade what it replaces. Never random.
import { fnv1a64, unitInterval } from "./stable-hash";
import type { OfferItem, OfferKind, Surface } from "./types";

export function offerId(
  shop: string,
  surface: Surface,
  kind: OfferKind,
  products: OfferItem[],
  replaces?: OfferItem,
): string {
  const items = products.map((item) => item.productId).join(",");
  const from = replaces ? `<${replaces.productId}:${replaces.variantId}` : "";
  const to = kind === "upgrade" ? products.map((item) => `${item.productId}:${item.variantId}`).join(",") : items;
  return `pw_${fnv1a64(`${shop}|${surface}|${kind}|${to}${from}`).toString(16).padStart(16, "0")}`;
}

/**
 * Holdout assignment: a visitor is in the holdout when the hash of their id falls below the share.
 * Deterministic (same visitor, same answer, on any server) and independent of the shop's offers,
 * so the group is the same whichever surface asks. No visitor id: never held out.
 */
export function isHoldout(visitorId: string | undefined, share: number): boolean {
  if (!visitorId || share <= 0) return false;
  return unitInterval(`holdout|${visitorId}`) < share;
}
