// Shopify's numeric ids, one definition for every boundary: a positive integer that fits Postgres
// bigint (1 … 2^63−1), written in decimal without sign or leading zeros. Kept exact: as a decimal
// string or a bigint, never as a JS number above 2^53 (Shopify's own sample payloads have 18-digit ids).
import { z } from "zod";

export const MAX_SHOPIFY_ID = 9223372036854775807n;
const MAX_ID_TEXT = "9223372036854775807";
const ID_DIGITS = /^[1-9][0-9]{0,18}$/;

/** A canonical decimal id within bigint range. Cheap (the storefront's hot path): a regex, and at 19 digits a string compare. */
export function isShopifyIdText(text: string): boolean {
  return ID_DIGITS.test(text) && (text.length < 19 || text <= MAX_ID_TEXT);
}

const ID_MESSAGE = "must be a Shopify id (an integer from 1 to 9223372036854775807)";

/** A decimal id, kept as text (JSON columns, rule documents, job payloads). */
export const shopifyIdText = z.string().refine(isShopifyIdText, ID_MESSAGE);

/** A decimal id, as a bigint for queries. */
export const shopifyIdBigInt = shopifyIdText.transform((text) => BigInt(text));

/**
 * An id as JSON carries it (webhook bodies parsed by app/ingest/webhooks/exact-json.ts, which keeps
 * integers above 2^53 as bigints): a number, a bigint or a decimal string; always a decimal string out.
 */
export const shopifyIdJson = z
  .union([z.number().int().positive(), z.bigint().positive().max(MAX_SHOPIFY_ID), z.string()])
  .transform(String)
  .refine(isShopifyIdText, ID_MESSAGE);

/** The id of `gid://shopify/<type>/<id>`, or null when the text is not such a GID. */
export function idOfGid(type: string, gid: string): string | null {
  const prefix = `gid://shopify/${type}/`;
  if (!gid.startsWith(prefix)) return null;
  const id = gid.slice(prefix.length);
  return isShopifyIdText(id) ? id : null;
}

/** The id of a GID of any type (`gid://shopify/Product/8000000000001` → "8000000000001"), or null. */
export function idOfAnyGid(gid: string): string | null {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/([^/?]+)$/.exec(gid);
  return match && isShopifyIdText(match[1]) ? match[1] : null;
}

/** A bare decimal id or `gid://shopify/<type>/<id>` (checkout extensions send GIDs), as a bigint. */
export function shopifyIdOrGid(type: string) {
  return z.string().transform((value, ctx) => {
    const id = isShopifyIdText(value) ? value : idOfGid(type, value);
    if (id === null) {
      ctx.addIssue({ code: "custom", message: `must be a ${type} id` });
      return z.NEVER;
    }
    return BigInt(id);
  });
}
