import { describe, expect, it } from "vitest";
import { offersCacheControl, PRIVATE_OFFERS_CACHE, PUBLIC_OFFERS_CACHE } from "./offers-cache-control";

describe("offersCacheControl", () => {
  it("lets shared caches keep an anonymous product page's offers for a minute", () => {
    expect(offersCacheControl({ surface: "product" })).toBe(PUBLIC_OFFERS_CACHE);
    expect(PUBLIC_OFFERS_CACHE).toBe("public, max-age=60");
  });

  it("never stores a response that depends on the visitor, the customer or the cart", () => {
    expect(offersCacheControl({ surface: "product", visitor: "visitor-123" })).toBe(PRIVATE_OFFERS_CACHE);
    expect(offersCacheControl({ surface: "product", logged_in_customer_id: 42n })).toBe(PRIVATE_OFFERS_CACHE);
    expect(offersCacheControl({ surface: "product", logged_in_customer_id: 0n })).toBe(PRIVATE_OFFERS_CACHE);
    expect(offersCacheControl({ surface: "product", cart: [{ variantId: 1n, quantity: 1 }] })).toBe(
      PRIVATE_OFFERS_CACHE,
    );
    expect(offersCacheControl({ surface: "cart", cart: [] })).toBe(PRIVATE_OFFERS_CACHE);
    expect(offersCacheControl({ surface: "drawer" })).toBe(PRIVATE_OFFERS_CACHE);
    expect(PRIVATE_OFFERS_CACHE).toBe("private, no-store");
  });
});
