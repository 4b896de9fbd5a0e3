// The extension's decisions, as pure functions (unit-tested in tests/extensions): what to ask the
// app for, whether the answer can be shown, at which price, and the cart change that adds it.
// The app's answer is remote data: it is checked field by field, and anything odd hides the offer.

export type Surface = "checkout" | "thank_you";

/** What the extension reads from `shopify.lines`: only what it needs. */
export interface LineLike {
  merchandise: { id: string } | null | undefined;
  quantity: number;
}

export interface AttributeLike {
  key: string;
  value: string;
}

export interface OfferRequestBody {
  surface: Surface;
  lines: { merchandiseId: string; quantity: number }[];
  visitorId?: string;
  orderId?: string;
}

export interface Offer {
  offerId: string;
  kind: "cross_sell" | "upgrade";
  productId: string;
  variantId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  price: number;
  currencyCode: string;
  cartUrl: string | null;
  discountCode: string | null;
}

/** The Storefront API's view of the variant for this buyer (market price, stock), when read. */
export interface VariantContext {
  availableForSale: boolean;
  price: { amount: number; currencyCode: string };
}

export interface OfferView extends Offer {
  displayPrice: { amount: number; currencyCode: string };
}

export const VISITOR_ATTRIBUTE = "_pairwise_visitor";
const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d{1,19}$/;
// The thank-you page's `orderConfirmation.order.id` is an OrderIdentity GID whose number is the
// order's id; the app proves the order by it (before it makes a personal code).
const ORDER_GID = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/(\d{1,19})$/;
const MAX_LINES = 250;

/** The request for the app: the lines' variants (merged), the visitor id attribute, the order. */
export function offerRequest(
  surface: Surface,
  lines: readonly LineLike[],
  attributes: readonly AttributeLike[] = [],
  orderId?: string | null,
): OfferRequestBody | null {
  const quantities = new Map<string, number>();
  for (const line of lines) {
    const id = line.merchandise?.id;
    if (!id || !VARIANT_GID.test(id) || !(line.quantity > 0)) continue;
    quantities.set(id, (quantities.get(id) ?? 0) + Math.floor(line.quantity));
  }
  if (quantities.size === 0) return null;
  const visitorId = attributes.find((attribute) => attribute.key === VISITOR_ATTRIBUTE)?.value;
  const orderNumber = orderId ? ORDER_GID.exec(orderId)?.[1] : undefined;
  return {
    surface,
    lines: [...quantities].slice(0, MAX_LINES).map(([merchandiseId, quantity]) => ({ merchandiseId, quantity })),
    ...(visitorId && /^[A-Za-z0-9_-]{8,64}$/.test(visitorId) ? { visitorId } : {}),
    ...(orderNumber ? { orderId: `gid://shopify/Order/${orderNumber}` } : {}),
  };
}

const isString = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const nullableString = (value: unknown): value is string | null => value === null || isString(value);

/** The app's answer, if it is a well-formed offer; null otherwise. */
export function parseOffer(body: unknown): Offer | null {
  if (typeof body !== "object" || body === null) return null;
  const offer = (body as { offer?: unknown }).offer;
  if (typeof offer !== "object" || offer === null) return null;
  const o = offer as Record<string, unknown>;
  if (!isString(o.offerId) || (o.kind !== "cross_sell" && o.kind !== "upgrade")) return null;
  if (!isString(o.productId) || !isString(o.variantId) || !VARIANT_GID.test(o.variantId)) return null;
  if (!isString(o.title) || !nullableString(o.variantTitle) || !nullableString(o.imageUrl)) return null;
  if (typeof o.price !== "number" || !Number.isFinite(o.price) || o.price < 0 || !isString(o.currencyCode)) return null;
  if (!nullableString(o.cartUrl) || !nullableString(o.discountCode)) return null;
  if (o.cartUrl !== null && !/^https:\/\/[^/]+\/cart\/\d+:1(\?.*)?$/.test(o.cartUrl)) return null;
  return {
    offerId: o.offerId,
    kind: o.kind,
    productId: o.productId,
    variantId: o.variantId,
    title: o.title,
    variantTitle: o.variantTitle,
    imageUrl: o.imageUrl,
    price: o.price,
    currencyCode: o.currencyCode,
    cartUrl: o.cartUrl,
    discountCode: o.discountCode,
  };
}

/**
 * The offer to show, or null to show nothing. Checkout: only when the checkout lets the extension
 * add lines and the variant is not in it already. Thank-you: only with a cart link. Either: not
 * when the buyer cannot buy it, and at the buyer's own price (the app's price only when it is in
 * the buyer's currency: never a price in another currency).
 */
export function chooseOffer(input: {
  surface: Surface;
  body: unknown;
  lines: readonly LineLike[];
  canAddCartLine: boolean;
  buyerCurrency: string;
  variant: VariantContext | null;
}): OfferView | null {
  const offer = parseOffer(input.body);
  if (!offer) return null;
  if (input.surface === "checkout") {
    if (!input.canAddCartLine) return null;
    if (input.lines.some((line) => line.merchandise?.id === offer.variantId)) return null;
  } else if (!offer.cartUrl) {
    return null;
  }
  if (input.variant && !input.variant.availableForSale) return null;
  const displayPrice = input.variant
    ? input.variant.price
    : offer.currencyCode === input.buyerCurrency
      ? { amount: offer.price, currencyCode: offer.currencyCode }
      : null;
  if (!displayPrice) return null;
  return { ...offer, displayPrice };
}

/** The Storefront API query for the variant in the buyer's context (shopify.query applies it). */
export const VARIANT_CONTEXT_QUERY = `query PairwiseVariant($id: ID!) {
  node(id: $id) { ... on ProductVariant { availableForSale price { amount currencyCode } } }
}`;

export function parseVariantContext(result: unknown): VariantContext | null {
  const node = (result as { data?: { node?: unknown } } | null)?.data?.node as
    { availableForSale?: unknown; price?: { amount?: unknown; currencyCode?: unknown } } | null | undefined;
  if (!node || typeof node.availableForSale !== "boolean") return null;
  const amount = Number(node.price?.amount);
  if (!Number.isFinite(amount) || typeof node.price?.currencyCode !== "string") return null;
  return { availableForSale: node.availableForSale, price: { amount, currencyCode: node.price.currencyCode } };
}

/** The cart change that adds the offer, with the attribution the order ingest reads back. */
export function addOfferChange(offer: Offer, surface: Surface) {
  return {
    type: "addCartLine" as const,
    merchandiseId: offer.variantId,
    quantity: 1,
    attributes: [
      { key: "_pairwise_offer", value: offer.offerId },
      { key: "_pairwise_surface", value: surface },
      { key: "_pairwise_kind", value: offer.kind },
    ],
  };
}
