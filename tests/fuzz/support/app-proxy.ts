// App proxy queries for the fuzz suite: raw query text (any bytes, repeated keys, malformed
// percent-escapes) signed over exactly what the server will decode from it, as Shopify signs.
import { appProxySignature } from "../../../app/dev/shopify-stand-in/signing";

/** Percent-encodes a string's UTF-8 bytes (a lone surrogate becomes U+FFFD's bytes, as in any encoder). */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, "utf8")]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

export type QueryPart = [key: string, value: string] | { raw: string };

/** The query text of `parts`: pairs percent-encoded, raw parts (bad escapes, bytes) as given. */
export function queryText(parts: QueryPart[]): string {
  return parts
    .map((part) => (Array.isArray(part) ? `${percentEncode(part[0])}=${percentEncode(part[1])}` : part.raw))
    .join("&");
}

/**
 * `parts` plus what Shopify's proxy adds (shop, logged_in_customer_id, path_prefix, timestamp,
 * unless given), signed over the decoded pairs the server will see.
 */
export function signedProxyQuery(
  secret: string,
  shop: string,
  parts: QueryPart[],
  options: { customerId?: string; pathPrefix?: string; timestamp?: string } = {},
): string {
  const own: QueryPart[] = [
    ["shop", shop],
    ["logged_in_customer_id", options.customerId ?? ""],
    ["path_prefix", options.pathPrefix ?? "/apps/pairwise"],
    ["timestamp", options.timestamp ?? String(Math.floor(Date.now() / 1000))],
  ];
  const text = queryText([...own, ...parts]);
  return `${text}&signature=${appProxySignature(secret, new URLSearchParams(text))}`;
}
