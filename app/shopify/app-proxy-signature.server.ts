// Shopify's app proxy signature, checked synchronously with node:crypto. It accepts exactly what
// @shopify/shopify-api's `validateHmac(query, { signator: "appProxy" })` accepts (the check inside
// `authenticate.public.appProxy`; app-proxy-signature.server.test.ts holds the two side by side):
// a hex HMAC-SHA256, keyed by the app secret, of the query without `signature` (and `hmac`), as
// `key=value` pairs sorted by key and joined with nothing, repeated keys' values joined by ",";
// `shop`, `signature`, `timestamp` and `hmac` must not repeat; the timestamp must be within 90 s.
//
// Why not the library's check: the storefront's offers request is the app's hottest path, and the
// library's check is asynchronous WebCrypto (a key import and a sign per request) followed by an
// offline-session load the offers never use (docs/decisions/013-storefront-fast-path.md).
import { createHmac, timingSafeEqual } from "node:crypto";

/** Shopify's tolerance for the signed `timestamp` (the library's HMAC_TIMESTAMP_PERMITTED_CLOCK_TOLERANCE_SEC). */
export const APP_PROXY_TIMESTAMP_TOLERANCE_SECONDS = 90;

const SINGLE_VALUED = new Set(["hmac", "shop", "signature", "timestamp"]);
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** True when `params` carry a valid, current app proxy signature made with `secret`. */
export function verifyAppProxySignature(
  params: URLSearchParams,
  secret: string,
  nowSeconds = Math.trunc(Date.now() / 1000),
): boolean {
  const values = new Map<string, string>();
  for (const [key, value] of params) {
    const known = values.get(key);
    if (known === undefined) values.set(key, value);
    else if (SINGLE_VALUED.has(key)) return false;
    else values.set(key, `${known},${value}`);
  }
  const signature = values.get("signature");
  if (!signature || !HEX_SHA256.test(signature)) return false;

  const timestamp = Number(values.get("timestamp"));
  if (!values.get("timestamp") || !Number.isInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > APP_PROXY_TIMESTAMP_TOLERANCE_SECONDS) return false;

  let message = "";
  for (const key of [...values.keys()].sort()) {
    if (key !== "signature" && key !== "hmac") message += `${key}=${values.get(key)}`;
  }
  const expected = createHmac("sha256", secret).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}
