// Storefront offers through the app proxy: https://{shop}/apps/pairwise/offers → /proxy/offers.
// Shopify signs the query; the engine picks the offers; the response is Liquid that Shopify renders
// in the shopper's market (prices, currency), or JSON with format=json (decision 007).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadOfferInputs } from "../models/offer-inputs.server";
import { selectOffers } from "../offers/engine";
import { authenticate } from "../shopify.server";
import { offersLiquid } from "../storefront/offer-liquid";
import { toPublicOffer } from "../storefront/public-offer";
import { badRequest, offersQuerySchema, type OffersQuery } from "../storefront/proxy-schemas";

/**
 * Shared caches may keep a response only when nothing in it depends on who asks: no visitor
 * (holdout, frequency caps), no logged-in customer (conditions), no cart. locale and currency
 * are in the URL, so a cached response never crosses markets.
 */
function cacheControl(query: OffersQuery): string {
  const anonymous = !query.visitor && !query.logged_in_customer_id && query.surface === "product" && !query.cart;
  return anonymous ? "public, max-age=60" : "private, no-store";
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { liquid } = await authenticate.public.appProxy(request);
  const parsed = offersQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return badRequest(parsed.error);
  const query = parsed.data;

  const inputs = await loadOfferInputs(query.shop, {
    surface: query.surface,
    productId: query.product_id,
    variantId: query.variant_id,
    cart: query.cart ?? [],
    visitorId: query.visitor,
    customerId: query.logged_in_customer_id,
    kinds: query.kind ? [query.kind] : undefined,
    limit: query.limit,
    now: new Date(),
  });
  const result = inputs ? selectOffers(inputs) : { offers: [], holdout: false };
  const headers = { "Cache-Control": cacheControl(query) };

  // The guardrail trace and rule names stay server-side: they are the merchant's business.
  if (query.format === "json") return Response.json({ holdout: result.holdout, offers: result.offers.map(toPublicOffer) }, { headers });
  const body = offersLiquid({ offers: result.offers, holdout: result.holdout, surface: query.surface, catalog: inputs?.catalog ?? [] });
  return liquid(body, { layout: false, headers });
};
