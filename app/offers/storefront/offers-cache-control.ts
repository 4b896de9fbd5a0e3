// Cache-Control of a storefront offers response (/proxy/offers): only a response that depends on no
// visitor, customer or cart may be kept, and then by any cache, since the market is in the URL
// (decision 007, "Caching").
import type { OffersQuery } from "./proxy-schemas";

/** A rule or catalog change shows within a minute. */
export const PUBLIC_OFFERS_CACHE = "public, max-age=60";
/** Not even the shopper's browser: holdout, frequency caps and impressions change with every event the
 * visitor sends, so a kept copy could show a dismissed offer again. */
export const PRIVATE_OFFERS_CACHE = "private, no-store";

export function offersCacheControl(
  query: Pick<OffersQuery, "surface"> & Partial<Pick<OffersQuery, "visitor" | "logged_in_customer_id" | "cart">>,
): string {
  const anonymous =
    !query.visitor && query.logged_in_customer_id === undefined && query.surface === "product" && !query.cart?.length;
  return anonymous ? PUBLIC_OFFERS_CACHE : PRIVATE_OFFERS_CACHE;
}
