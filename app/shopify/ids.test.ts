import { describe, expect, it } from "vitest";
import {
  idOfAnyGid,
  idOfGid,
  isShopifyIdText,
  shopifyIdBigInt,
  shopifyIdJson,
  shopifyIdOrGid,
  shopifyIdText,
} from "./ids";

describe("Shopify ids", () => {
  it("accepts 1 … 2^63−1 in canonical decimal, and nothing beyond bigint's range", () => {
    for (const ok of ["1", "820982911946154508", "9223372036854775807", "999999999999999999"])
      expect(isShopifyIdText(ok)).toBe(true);
    for (const bad of [
      "0",
      "",
      "-1",
      "01",
      "9223372036854775808",
      "9999999999999999999",
      "10000000000000000000",
      "1.0",
      "1e3",
      " 1",
      "١",
    ]) {
      expect(isShopifyIdText(bad)).toBe(false);
    }
    expect(shopifyIdBigInt.parse("9223372036854775807")).toBe(9223372036854775807n);
    expect(shopifyIdText.safeParse("9999999999999999999").success).toBe(false);
  });

  it("takes JSON numbers, bigints and strings, and keeps every digit", () => {
    expect(shopifyIdJson.parse(1234)).toBe("1234");
    expect(shopifyIdJson.parse(820982911946154508n)).toBe("820982911946154508");
    expect(shopifyIdJson.parse("820982911946154508")).toBe("820982911946154508");
    // A number beyond 2^53 has already lost digits: refused, not rounded.
    expect(shopifyIdJson.safeParse(2 ** 60).success).toBe(false);
    expect(shopifyIdJson.safeParse(9223372036854775808n).success).toBe(false);
    expect(shopifyIdJson.safeParse(0).success).toBe(false);
    expect(shopifyIdJson.safeParse("12a").success).toBe(false);
  });

  it("reads GIDs of the expected type only", () => {
    expect(idOfGid("Order", "gid://shopify/Order/820982911946154508")).toBe("820982911946154508");
    expect(idOfGid("Order", "gid://shopify/Customer/1")).toBeNull();
    expect(idOfGid("Order", "gid://shopify/Order/9999999999999999999")).toBeNull();
    expect(idOfAnyGid("gid://shopify/Collection/42")).toBe("42");
    expect(idOfAnyGid("42")).toBeNull();
    const variant = shopifyIdOrGid("ProductVariant");
    expect(variant.parse("gid://shopify/ProductVariant/7")).toBe(7n);
    expect(variant.parse("7")).toBe(7n);
    expect(variant.safeParse("gid://shopify/ProductVariant/9999999999999999999").success).toBe(false);
    expect(variant.safeParse("gid://shopify/Product/7").success).toBe(false);
  });
});
