// The shopper's IP address on a storefront request through Shopify's app proxy, as a rate-limit key:
// the X-Forwarded-For entry Shopify appends (decision 017). The header is not signed: read it only on a
// request whose signature was checked.
import { isIP } from "node:net";

/**
 * Shopify's entry is the last one before the `forwardedHops` entries the app's own reverse proxies
 * append (https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies);
 * anything to its left is whatever the shopper sent.
 */
export function shopperAddress(request: Request, forwardedHops: number): string | null {
  const entries = (request.headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  const entry = entries[entries.length - 1 - forwardedHops];
  return entry ? addressKey(entry) : null;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** IPv4 as it is; IPv6 by its /64, the block one subscriber gets (rotating within it changes nothing). */
export function addressKey(text: string): string | null {
  const address = text.replace(/^\[(.*)\](?::\d+)?$/, "$1").replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, "$1");
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return null;
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return mapped[1];
  // An embedded dotted quad is the last 32 bits: two groups for counting.
  const groupsOf = (part: string) =>
    part ? part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group])) : [];
  const [head, tail] = address.split("::");
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
