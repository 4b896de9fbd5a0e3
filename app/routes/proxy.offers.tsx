// Storefront offers through the app proxy: https://{shop}/apps/pairwise/offers → /proxy/offers.
// Shopify signs the query; the engine picks the offers; the response is Liquid that Shopify renders
// in the shopper's market (prices, currency), or JSON with format=json (decision 007).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { offersFor } from "../models/offers.server";
import { widgetTextsFor } from "../models/widget-texts.server";
import { authenticate } from "../shopify.server";
import { offersCacheControl } from "../storefront/offers-cache-control";
import { offersLiquid } from "../storefront/offer-liquid";
import { toPublicOffer } from "../storefront/public-offer";
import { badRequest, offersQuerySchema } from "../storefront/proxy-schemas";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { liquid } = await authenticate.public.appProxy(request);
  const parsed = offersQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return badRequest(parsed.error);
  const query = parsed.data;

  // The merchant's widget texts ride on the Liquid only; read beside the offers, not after them.
  const [found, texts] = await Promise.all([
    offersFor(query.shop, {
      surface: query.surface,
      productId: query.product_id,
      variantId: query.variant_id,
      cart: query.cart ?? [],
      visitorId: query.visitor,
      customerId: query.logged_in_customer_id,
      kinds: query.kind ? [query.kind] : undefined,
      limit: query.limit,
      now: new Date(),
    }),
    query.format === "json" ? {} : widgetTextsFor(query.shop),
  ]);
  const result = found?.result ?? { offers: [], holdout: false };
  // Who may keep the response, and why: app/storefront/offers-cache-control.ts.
  const headers = { "Cache-Control": offersCacheControl(query) };

  // The guardrail trace and rule names stay server-side: they are the merchant's business.
  if (query.format === "json") return Response.json({ holdout: result.holdout, offers: result.offers.map(toPublicOffer) }, { headers });
  const body = offersLiquid({ offers: result.offers, holdout: result.holdout, surface: query.surface, catalog: found?.inputs.catalog ?? [], texts });
  return liquid(body, { layout: false, headers });
};
