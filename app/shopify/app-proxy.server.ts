// Authentication of the storefront's requests through Shopify's app proxy (/apps/pairwise/* →
// /proxy/*): the signature Shopify adds to the forwarded query, checked with the app's secret.
// The shop comes from the signed query, never from anything else the storefront sends.
import { env } from "../env.server";
import { verifyAppProxySignature } from "./app-proxy-signature.server";

/** The shop of a correctly signed, current app proxy query; null for anything else. */
export function signedAppProxyShop(params: URLSearchParams): string | null {
  return verifyAppProxySignature(params, env().SHOPIFY_API_SECRET) ? params.get("shop") : null;
}

/**
 * For Remix routes: the shop of a signed app proxy request, or a thrown 400 (as the library's
 * `authenticate.public.appProxy` answers a bad signature), so nothing below it runs.
 */
export function authenticateAppProxy(request: Request): { shop: string } {
  const shop = signedAppProxyShop(new URL(request.url).searchParams);
  if (!shop)
    throw new Response(null, { status: 400, statusText: "Bad Request", headers: { "Cache-Control": "no-store" } });
  return { shop };
}
