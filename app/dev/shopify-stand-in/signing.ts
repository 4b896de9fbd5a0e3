// Signs requests exactly as Shopify does, with a given app secret: webhook HMAC over the raw body,
// app proxy `signature` over the sorted query, and App Bridge session tokens (HS256 JWT).
import { createHmac, randomUUID } from "node:crypto";

export function webhookHmac(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export function webhookHeaders(options: {
  secret: string;
  shop: string;
  topic: string;
  body: string;
  webhookId?: string;
  apiVersion?: string;
}): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-Hmac-Sha256": webhookHmac(options.secret, options.body),
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-API-Version": options.apiVersion ?? "2026-10",
  };
}

/** Shopify's app proxy signature: sorted `key=value` pairs (multi-values joined by ","), no separator. */
export function appProxySignature(secret: string, params: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** Adds the parameters Shopify's app proxy adds to a forwarded storefront request, then signs. */
export function signAppProxyQuery(
  secret: string,
  shop: string,
  query: URLSearchParams,
  options: { pathPrefix?: string; customerId?: string; timestamp?: number } = {},
): URLSearchParams {
  const signed = new URLSearchParams(query);
  signed.delete("signature");
  signed.set("shop", shop);
  signed.set("logged_in_customer_id", options.customerId ?? "");
  signed.set("path_prefix", options.pathPrefix ?? "/apps/pairwise");
  signed.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  signed.set("signature", appProxySignature(secret, signed));
  return signed;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/** An App Bridge session token as Shopify admin issues it (HS256, signed with the app secret). */
export function sessionToken(options: {
  apiKey: string;
  secret: string;
  shop: string;
  userId?: string;
  expiresInSeconds?: number;
  now?: number;
}): string {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: options.userId ?? "42",
      exp: now + (options.expiresInSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", options.secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/**
 * A checkout UI extension's session token (`shopify.sessionToken.get()`), as Shopify issues it:
 * HS256 with the app secret, `dest` the shop's domain, `aud` the app's API key, and `sub` the
 * customer's GID when the buyer is logged in.
 */
export function checkoutSessionToken(options: {
  apiKey: string;
  secret: string;
  shop: string;
  customerId?: string;
  expiresInSeconds?: number;
  now?: number;
  /** Claims replacing the usual ones (hostile tokens: claims of the wrong type, still signed). */
  claims?: Record<string, unknown>;
}): string {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      dest: options.shop,
      aud: options.apiKey,
      ...(options.customerId ? { sub: `gid://shopify/Customer/${options.customerId}` } : {}),
      exp: now + (options.expiresInSeconds ?? 300),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      ...options.claims,
    }),
  );
  const signature = createHmac("sha256", options.secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
