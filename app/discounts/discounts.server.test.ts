// Discounts created through the Admin API stand-in: the bundle discount's activation
// (discountAutomaticAppCreate with the function handle and the config metafield) and single-use
// personal codes (discountCodeBasicCreate), including a repeat with the same code.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { adminClientForShop, AdminApiError } from "../shopify/admin-api.server";
import { ensureShop } from "../shops/shop.server";
import { activateBundleDiscount } from "./bundle-discount.server";
import { createPersonalDiscountCode, personalDiscountCode } from "./discount-codes.server";
import { DEMO_ACCESS_TOKEN } from "../dev/demo-catalog";
import {
  adminApiRequests,
  clearAdminApiRequests,
  clearMockCustomersAndDiscounts,
  mockDiscounts,
  startShopifyMocks,
} from "../dev/shopify-stand-in";
import { uniqueShop } from "../../tests/support/shops";

const mocks = startShopifyMocks();
afterAll(() => mocks.close());
beforeEach(() => {
  clearAdminApiRequests();
  clearMockCustomersAndDiscounts();
});

async function installedShop() {
  const shop = uniqueShop("discounts");
  await ensureShop(shop);
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", accessToken: DEMO_ACCESS_TOKEN, isOnline: false },
  });
  return { shop, admin: await adminClientForShop(shop) };
}

describe("bundle discount activation", () => {
  it("creates an automatic app discount running the bundle-discount function with its config", async () => {
    const { shop, admin } = await installedShop();
    const result = await activateBundleDiscount(admin, {
      title: "Espresso starter set",
      config: { bundles: [{ productIds: ["1001", "1002"], percentage: 10 }] },
      startsAt: new Date("2026-11-01T00:00:00Z"),
    });
    expect(result.discountId).toMatch(/^gid:\/\/shopify\/DiscountAutomaticNode\/\d+$/);
    expect(result.status).toBe("ACTIVE");

    const request = adminApiRequests.find((r) => r.operationName === "DiscountAutomaticAppCreate");
    expect(request?.shop).toBe(shop);
    const input = (request?.variables as { automaticAppDiscount: Record<string, unknown> }).automaticAppDiscount;
    expect(input).toMatchObject({
      title: "Espresso starter set",
      functionHandle: "bundle-discount",
      discountClasses: ["PRODUCT"],
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
      startsAt: "2026-11-01T00:00:00.000Z",
      endsAt: null,
    });
    const [metafield] = input.metafields as { namespace: string; key: string; type: string; value: string }[];
    expect(metafield).toMatchObject({ namespace: "$app:pairwise", key: "bundle-config", type: "json" });
    expect(JSON.parse(metafield.value)).toEqual({
      bundles: [{ productIds: ["gid://shopify/Product/1001", "gid://shopify/Product/1002"], percentage: 10 }],
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
    });
    expect(mockDiscounts.filter((d) => d.shop === shop && d.kind === "automatic_app")).toHaveLength(1);
  });

  it("surfaces Shopify's user errors as an AdminApiError", async () => {
    const { admin } = await installedShop();
    const error = await activateBundleDiscount(admin, {
      title: "Late",
      config: { bundles: [{ productIds: ["1", "2"], percentage: 10 }] },
      startsAt: new Date("2026-12-01T00:00:00Z"),
      endsAt: new Date("2026-11-01T00:00:00Z"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as Error).message).toMatch(/endsAt Ends at needs to be after starts_at/);
  });
});

describe("personal discount codes", () => {
  it("creates a single-use code for one customer and the offered products, and reuses it on a repeat", async () => {
    const { shop, admin } = await installedShop();
    const code = personalDiscountCode(`${shop}|email|5001`);
    expect(code).toMatch(/^PW-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(personalDiscountCode(`${shop}|email|5001`)).toBe(code);
    expect(personalDiscountCode(`${shop}|email|5002`)).not.toBe(code);

    const request = {
      code,
      title: "Pairwise — thank you for order #5001",
      customerId: 77n,
      productIds: [1003n, "1005"],
      value: { type: "percentage" as const, value: 15 },
      startsAt: new Date("2026-11-01T00:00:00Z"),
      endsAt: new Date("2026-11-15T00:00:00Z"),
    };
    expect(await createPersonalDiscountCode(admin, request)).toEqual({ code, created: true });
    expect(await createPersonalDiscountCode(admin, request)).toEqual({ code, created: false });
    expect(mockDiscounts.filter((d) => d.shop === shop)).toHaveLength(1);

    const sent = adminApiRequests.find((r) => r.operationName === "DiscountCodeBasicCreate");
    expect((sent?.variables as { basicCodeDiscount: unknown }).basicCodeDiscount).toEqual({
      title: "Pairwise — thank you for order #5001",
      code,
      startsAt: "2026-11-01T00:00:00.000Z",
      endsAt: "2026-11-15T00:00:00.000Z",
      context: { customers: { add: ["gid://shopify/Customer/77"] } },
      customerGets: {
        value: { percentage: 0.15 },
        items: { products: { productsToAdd: ["gid://shopify/Product/1003", "gid://shopify/Product/1005"] } },
      },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
  });

  it("throws on other user errors", async () => {
    const { admin } = await installedShop();
    await expect(
      createPersonalDiscountCode(admin, {
        code: "PW-TEST",
        title: "",
        customerId: null,
        productIds: [],
        value: { type: "percentage", value: 10 },
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 86_400_000),
      }),
    ).rejects.toThrow(/Title can't be blank/);
  });
});
