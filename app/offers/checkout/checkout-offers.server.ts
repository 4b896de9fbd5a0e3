// The one offer of the checkout and thank-you extension (decision 009): the engine on surface "checkout"
// or "thank_you" with the checkout's (or order's) lines as the cart, cross-sells only (the extension adds
// a line, it does not swap one). On the thank-you page a discounted offer gets a personal code for a
// proven order (thank-you-code.server.ts) and a cart permalink that applies it.
import prisma from "../../db.server";
import type { CheckoutOffer, CheckoutOffersRequest, CheckoutOffersResponse } from "./offers-request";
import { cartPermalink, displayItems } from "../serving/offer-display.server";
import { offersFor } from "../serving/offers.server";
import { thankYouDiscountCode, type ThankYouCodeRequester } from "./thank-you-code.server";

export async function checkoutOffer(
  shop: string,
  request: CheckoutOffersRequest,
  options: ThankYouCodeRequester & { now?: Date },
): Promise<CheckoutOffersResponse> {
  const now = options.now ?? new Date();
  const found = await offersFor(shop, {
    surface: request.surface,
    cart: request.lines.map((line) => ({ variantId: line.merchandiseId, quantity: line.quantity })),
    visitorId: request.visitorId,
    customerId: options.customerId ?? undefined,
    kinds: ["cross_sell"],
    limit: 1,
    now,
  });
  if (!found) return { offer: null };
  const [item] = await displayItems(shop, found.result.offers);
  if (!item) return { offer: null };
  const shopRow = await prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true } });

  let discountCode: string | null = null;
  let cartUrl: string | null = null;
  if (request.surface === "thank_you") {
    discountCode =
      request.orderId === undefined ? null : await thankYouDiscountCode(shop, item, request.orderId, options, now);
    cartUrl = cartPermalink(shop, item.variantId, discountCode);
  }
  const offer: CheckoutOffer = {
    offerId: item.offerId,
    kind: item.kind,
    surface: request.surface,
    productId: `gid://shopify/Product/${item.productId}`,
    variantId: `gid://shopify/ProductVariant/${item.variantId}`,
    title: item.title,
    variantTitle: item.variantTitle,
    imageUrl: item.imageUrl,
    price: item.price,
    currencyCode: shopRow?.currencyCode ?? "USD",
    cartUrl,
    discountCode,
  };
  return { offer };
}
