// The storefront's offers through the app proxy (https://{shop}/apps/pairwise/offers → /proxy/offers):
// authenticate, validate (zod), delegate to the one engine; Liquid for Shopify to render, or JSON with
// format=json (decision 007). A plain answer, not a Response: node:http sends it on the fast path and
// app/routes/proxy.offers.tsx wraps it, so both paths answer alike (decision 013).
import { signedAppProxyShop } from "../../shopify/app-proxy.server";
import { offersFor } from "../serving/offers.server";
import { offersCacheControl } from "./offers-cache-control";
import { offersLiquid } from "./offer-liquid";
import { toPublicOffer } from "./public-offer";
import { invalidRequestText, offersQuerySchema } from "./proxy-schemas";

export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** As the library's `authenticate.public.appProxy` answers a bad signature: 400, no body. */
const BAD_SIGNATURE: PlainAnswer = { status: 400, headers: { "Cache-Control": "no-store" }, body: "" };

export async function answerOffersProxy(url: URL): Promise<PlainAnswer> {
  if (!signedAppProxyShop(url.searchParams)) return BAD_SIGNATURE;
  const parsed = offersQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      body: invalidRequestText(parsed.error),
    };
  }
  const query = parsed.data;

  const found = await offersFor(
    query.shop,
    {
      surface: query.surface,
      productId: query.product_id,
      variantId: query.variant_id,
      cart: query.cart ?? [],
      visitorId: query.visitor,
      customerId: query.logged_in_customer_id,
      kinds: query.kind ? [query.kind] : undefined,
      limit: query.limit,
      now: new Date(),
    },
    // The trace never leaves the server here: the engine may stop once the surface is full.
    { trace: "offers" },
  );
  const result = found?.result ?? { offers: [], holdout: false };
  // Who may keep the response, and why: app/offers/storefront/offers-cache-control.ts.
  const cacheControl = offersCacheControl(query);

  // Rule names stay server-side: they are the merchant's business.
  if (query.format === "json") {
    const body = JSON.stringify({ holdout: result.holdout, offers: result.offers.map(toPublicOffer) });
    return { status: 200, headers: { "Content-Type": "application/json", "Cache-Control": cacheControl }, body };
  }
  const liquid = offersLiquid({
    offers: result.offers,
    holdout: result.holdout,
    surface: query.surface,
    catalog: found?.inputs.catalog ?? [],
    texts: found?.widgetTexts ?? {},
  });
  // `{% layout none %}`: Shopify renders the fragment without the theme around it (the library's
  // `liquid(body, { layout: false })` prefixes the same).
  return {
    status: 200,
    headers: { "Content-Type": "application/liquid", "Cache-Control": cacheControl },
    body: `{% layout none %} ${liquid}`,
  };
}

export function toFetchResponse(answer: PlainAnswer): Response {
  return new Response(answer.body === "" ? null : answer.body, { status: answer.status, headers: answer.headers });
}
