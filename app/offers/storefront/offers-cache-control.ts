// Cache-Control of a storefront offers response (/proxy/offers).
//
// What a response depends on decides who may keep it:
// - the visitor id: holdout group, frequency caps ("not again after a dismissal", "nothing new right
//   after an accept") and impressions change with every event the visitor sends, so a copy kept
//   even by the shopper's own browser could show a dismissed offer again: `private, no-store`;
// - a logged-in customer (customer conditions of rules) or a cart: personal, `private, no-store`;
// - otherwise (a product page asked without a visitor id: no storage in the browser, a crawler)
//   only shop data and the URL count. The market is in the URL (locale, currency: the theme blocks
//   put them there), so a shared cache keyed by URL never crosses markets: `public, max-age=60`
//   (a rule or catalog change shows within a minute). Shopify adds logged_in_customer_id to the
//   forwarded query only, not to the storefront URL a shared cache would key on, so a logged-in
//   shopper could get such an anonymous copy for up to a minute: the offers any anonymous shopper
//   sees, nothing of anyone's. Personal responses are never stored, so nothing personal can leak.
import type { OffersQuery } from "./proxy-schemas";

export const PUBLIC_OFFERS_CACHE = "public, max-age=60";
export const PRIVATE_OFFERS_CACHE = "private, no-store";

export function offersCacheControl(
  query: Pick<OffersQuery, "surface"> & Partial<Pick<OffersQuery, "visitor" | "logged_in_customer_id" | "cart">>,
): string {
  const anonymous =
    !query.visitor && query.logged_in_customer_id === undefined && query.surface === "product" && !query.cart?.length;
  return anonymous ? PUBLIC_OFFERS_CACHE : PRIVATE_OFFERS_CACHE;
}
