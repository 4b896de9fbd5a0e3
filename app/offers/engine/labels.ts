// What merchants read for each surface and offer kind: one list for every admin page, the
// analytics breakdowns and their CSV export.
import type { OfferKind, Surface } from "./types";

export const SURFACE_LABELS: Record<Surface, string> = {
  product: "Product page",
  cart: "Cart page",
  drawer: "Cart drawer",
  checkout: "Checkout",
  thank_you: "Thank-you page",
  email: "Post-purchase email",
};

export const OFFER_KIND_LABELS: Record<OfferKind, string> = { cross_sell: "Cross-sell", upgrade: "Upgrade" };
