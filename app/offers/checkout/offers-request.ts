// The checkout and thank-you extension's request to /api/checkout/offers and the answer it gets.
// Shared by the route (validation) and the extension's tests (the extension keeps its own copy of
// the response type: it is built without the app's code).
import { z } from "zod";
import { shopifyIdOrGid as gid } from "../../shopify/ids";

export const checkoutOffersRequest = z.object({
  surface: z.enum(["checkout", "thank_you"]),
  lines: z
    .array(z.object({ merchandiseId: gid("ProductVariant"), quantity: z.number().int().min(1).max(10_000) }))
    .max(250),
  /** The storefront's anonymous visitor id (cart attribute `_pairwise_visitor`), for holdout and caps. */
  visitorId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
  /** Thank-you page: the order, so a personal code is made once per order. */
  orderId: gid("Order").optional(),
});

export type CheckoutOffersRequest = z.output<typeof checkoutOffersRequest>;

export interface CheckoutOffer {
  offerId: string;
  kind: "cross_sell" | "upgrade";
  surface: "checkout" | "thank_you";
  productId: string;
  /** ProductVariant GID, ready for applyCartLinesChange. */
  variantId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  /** In the shop's currency; the extension shows Shopify's contextual price when it can read it. */
  price: number;
  currencyCode: string;
  /** Thank-you page: the cart permalink with the item (and the personal code, if any). */
  cartUrl: string | null;
  discountCode: string | null;
}

export interface CheckoutOffersResponse {
  offer: CheckoutOffer | null;
}
