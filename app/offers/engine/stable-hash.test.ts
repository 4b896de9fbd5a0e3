// The 16-bit-limb FNV-1a against its definition in BigInt arithmetic (the implementation before
// it, whose values are stored in offer ids), and a few fixed values that must never change.
import { describe, expect, it } from "vitest";
import { offerId } from "./offer-id";
import { fnv1a64, unitInterval } from "./stable-hash";

const MASK_64 = 0xffffffffffffffffn;
function referenceFnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & MASK_64;
  }
  hash ^= hash >> 33n;
  hash = (hash * 0xff51afd7ed558ccdn) & MASK_64;
  hash ^= hash >> 33n;
  hash = (hash * 0xc4ceb9fe1a85ec53n) & MASK_64;
  hash ^= hash >> 33n;
  return hash;
}

describe("fnv1a64", () => {
  it("equals the BigInt definition on random texts of every length, ASCII and not", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = "abcXYZ019|:,<-_ é€😀\u0000\uffff";
    const chars = [...alphabet];
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(random() * 120);
      const text = Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join("");
      expect(fnv1a64(text), JSON.stringify(text)).toBe(referenceFnv1a64(text));
    }
    expect(fnv1a64("")).toBe(referenceFnv1a64(""));
  });

  it("keeps the values already stored in offer ids and holdout buckets", () => {
    expect(offerId("shop.myshopify.com", "product", "cross_sell", [{ productId: "1001", variantId: "2001" }])).toBe(
      "pw_67979f8966f6871d",
    );
    expect(unitInterval("holdout|visitor-1")).toBe(0.8804066994813875);
  });
});
