// Shopify's app proxy signature, checked synchronously with node:crypto. It accepts exactly what
// @shopify/shopify-api's `validateHmac(query, { signator: "appProxy" })` accepts (the test holds the
// two side by side), without the library's asynchronous WebCrypto and offline-session load on the
// app's hottest path (decision 013).
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
