// One-click unsubscribe tokens: which shop and customer, signed with HMAC-SHA256 and the app
// secret. No expiry: an unsubscribe link has to keep working for as long as the email exists
// (RFC 8058). A token reveals a shop domain and a customer id, never an address.
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env.server";
import { isShopifyIdText } from "../shopify/ids";

export interface UnsubscribeSubject {
  shop: string;
  customerId: bigint;
}

function signature(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`unsubscribe|${payload}`).digest("base64url");
}

export function unsubscribeToken(subject: UnsubscribeSubject, secret = env().SHOPIFY_API_SECRET): string {
  const payload = Buffer.from(JSON.stringify({ v: 1, s: subject.shop, c: String(subject.customerId) })).toString(
    "base64url",
  );
  return `${payload}.${signature(payload, secret)}`;
}

/** The subject of a valid token; null for anything malformed, tampered with or signed by another key. */
export function verifyUnsubscribeToken(token: string, secret = env().SHOPIFY_API_SECRET): UnsubscribeSubject | null {
  const match = /^([A-Za-z0-9_-]{1,512})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, payload, given] = match;
  const expected = Buffer.from(signature(payload, secret));
  if (!timingSafeEqual(expected, Buffer.from(given))) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      v?: unknown;
      s?: unknown;
      c?: unknown;
    };
    if (claims.v !== 1 || typeof claims.s !== "string" || typeof claims.c !== "string" || !isShopifyIdText(claims.c))
      return null;
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(claims.s)) return null;
    return { shop: claims.s, customerId: BigInt(claims.c) };
  } catch {
    return null;
  }
}

export function unsubscribeUrl(subject: UnsubscribeSubject, appUrl = env().SHOPIFY_APP_URL): string {
  const url = new URL("/email/unsubscribe", appUrl);
  url.searchParams.set("token", unsubscribeToken(subject));
  return url.toString();
}
