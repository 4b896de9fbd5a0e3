// The checkout UI extension's backend (extensions/checkout-upsell): one offer for the checkout's
// lines, or for the order's lines on the thank-you page. Authenticated by the extension's session
// token (HS256 with the app secret; the shop is its `dest`); CORS answered through the library
// (the extension runs on Shopify's origin), the OPTIONS preflight included.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { checkoutOffersRequest } from "../offers/checkout/offers-request";
import { checkoutOffer } from "../offers/checkout/checkout-offers.server";
import { idOfGid } from "../shopify/ids";
import { authenticate } from "../shopify.server";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

// The claims the route uses. The signature proves who issued a token, not its shape: a claim of
// another type is refused (401), never a 500.
const checkoutClaims = z.object({
  dest: z.string(),
  sub: z.string().optional(),
  sid: z.string().optional(),
  jti: z.string().optional(),
});

/** The token's `dest`: the shop's domain (some tokens carry it as a URL). */
function shopOf(dest: string): string | null {
  const host = dest
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
  return SHOP_DOMAIN.test(host) ? host : null;
}

/** The token's `sub` is the logged-in buyer's customer GID; absent for guests. */
function customerOf(sub: string | undefined): bigint | null {
  const id = sub === undefined ? null : idOfGid("Customer", sub);
  return id === null ? null : BigInt(id);
}

// OPTIONS (the CORS preflight) and GET reach the loader; the library answers the preflight.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { cors } = await authenticate.public.checkout(request);
  return cors(new Response(null, { status: 405, headers: { Allow: "POST, OPTIONS" } }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  const claims = checkoutClaims.safeParse(sessionToken);
  const shop = claims.success ? shopOf(claims.data.dest) : null;
  if (!claims.success || !shop) return cors(Response.json({ error: "session token names no shop" }, { status: 401 }));
  const parsed = checkoutOffersRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
    return cors(Response.json({ error: `invalid request: ${detail}` }, { status: 400 }));
  }
  const result = await checkoutOffer(shop, parsed.data, {
    customerId: customerOf(claims.data.sub),
    // One checkout's tokens share `sid` when Shopify sends it; `jti` is each token's own.
    tokenId: claims.data.sid || claims.data.jti || null,
  });
  return cors(Response.json(result, { headers: { "Cache-Control": "no-store" } }));
};
