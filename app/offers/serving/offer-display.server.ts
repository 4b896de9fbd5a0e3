// What a shopper sees of an offer outside the storefront's Liquid (checkout, thank-you page, email):
// title, image, variant and price of each offered item, read from the synced catalog in one query.
import prisma from "../../db.server";
import type { Offer } from "../engine/types";

export interface DisplayItem {
  offerId: string;
  kind: Offer["kind"];
  productId: string;
  variantId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  /** In the shop's currency. */
  price: number;
  /** The merchant's discount on this offer (rules), when any. */
  discount: Offer["discount"] | null;
}

/** One item per offer (its first product); offers whose product or variant is gone are dropped. */
export async function displayItems(shop: string, offers: readonly Offer[]): Promise<DisplayItem[]> {
  if (offers.length === 0) return [];
  const variantIds = offers.map((offer) => BigInt(offer.products[0].variantId));
  const variants = await prisma.variant.findMany({
    where: { shop, id: { in: variantIds }, product: { deletedAt: null } },
    select: { id: true, title: true, price: true, product: { select: { id: true, title: true, imageUrl: true } } },
  });
  const byId = new Map(variants.map((variant) => [String(variant.id), variant]));
  return offers.flatMap((offer) => {
    const item = offer.products[0];
    const variant = byId.get(item.variantId);
    if (!variant || String(variant.product.id) !== item.productId) return [];
    return [
      {
        offerId: offer.offerId,
        kind: offer.kind,
        productId: item.productId,
        variantId: item.variantId,
        title: variant.product.title,
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        imageUrl: variant.product.imageUrl,
        price: Number(variant.price),
        discount: offer.discount ?? null,
      },
    ];
  });
}

/** Shopify's cart permalink: the item in a new cart, with a discount code applied when given. */
export function cartPermalink(shop: string, variantId: string, code?: string | null): string {
  const url = new URL(`https://${shop}/cart/${variantId}:1`);
  if (code) url.searchParams.set("discount", code);
  return url.toString();
}
