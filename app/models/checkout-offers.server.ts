// The one offer of the checkout and thank-you extension: the engine on surface "checkout" or
// "thank_you" with the checkout's (or order's) lines as the cart, cross-sells only (the extension
// adds a line; it does not swap one). On the thank-you page an offer that carries a merchant
// discount gets a personal single-use code, made once per order and offer (the code is derived from
// them, so a reload finds it again), and a cart permalink that applies it.
import prisma from "../db.server";
import type { CheckoutOffer, CheckoutOffersRequest, CheckoutOffersResponse } from "../checkout/offers-request";
import { adminClientForShop } from "../shopify/admin-api.server";
import { createPersonalDiscountCode, personalDiscountCode } from "./discount-codes.server";
import { cartPermalink, displayItems, type DisplayItem } from "./offer-display.server";
import { offersFor } from "./offers.server";

const CODE_DAYS = 14;

async function thankYouCode(shop: string, item: DisplayItem, orderId: bigint, customerId: bigint | null, now: Date): Promise<string | null> {
  if (!item.discount) return null;
  const code = personalDiscountCode(`${shop}|thank_you|${orderId}|${item.offerId}`);
  try {
    const admin = await adminClientForShop(shop);
    await createPersonalDiscountCode(admin, {
      code,
      title: `Pairwise: complete your set (order ${orderId})`,
      customerId,
      productIds: [item.productId],
      value: item.discount,
      startsAt: now,
      endsAt: new Date(now.getTime() + CODE_DAYS * 86_400_000),
    });
    return code;
  } catch (error) {
    // The offer still stands without its discount: a thank-you page never fails on our account.
    console.warn(`thank-you discount code for ${shop}: ${(error as Error).message}`);
    return null;
  }
}

export async function checkoutOffer(
  shop: string,
  request: CheckoutOffersRequest,
  options: { customerId: bigint | null; now?: Date },
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
    discountCode = request.orderId === undefined ? null : await thankYouCode(shop, item, request.orderId, options.customerId, now);
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
