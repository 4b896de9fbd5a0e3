// The checkout UI extension's backend over HTTP, called as the extension calls it: a session token
// signed with the app secret, from Shopify's extension origin, with a CORS preflight first.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { clearMockCustomersAndDiscounts, mockDiscounts, startShopifyMocks } from "../mocks";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { checkoutSessionToken } from "../support/shopify-signing";
import { GRINDER, MACHINE, TAMPER, seedUpsellShop } from "../support/upsell-shop";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";

const mocks = startShopifyMocks();
afterAll(() => mocks.close());
beforeEach(() => clearMockCustomersAndDiscounts());
const app = startTestAppServer();

const ORIGIN = "https://extensions.shopifycdn.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

function post(body: unknown, options: { shop?: string; token?: string | null; customerId?: string } = {}) {
  const token =
    options.token === undefined
      ? checkoutSessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop: options.shop!, customerId: options.customerId })
      : options.token;
  return fetch(`${app.url()}/api/checkout/offers`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: ORIGIN,
      "User-Agent": BROWSER,
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

const line = (variantId: bigint, quantity = 1) => ({ merchandiseId: `gid://shopify/ProductVariant/${variantId}`, quantity });

describe("POST /api/checkout/offers", () => {
  it("answers the CORS preflight", async () => {
    // Over HTTP: vite.config.ts lets Remix (not Vite's dev server) answer the preflight.
    const response = await fetch(`${app.url()}/api/checkout/offers`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type", "User-Agent": BROWSER },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(response.headers.get("access-control-max-age")).toBe("7200");
  });

  it("rejects a request without a valid session token", async () => {
    const shop = uniqueShop("checkout");
    await seedUpsellShop(shop);
    expect((await post({ surface: "checkout", lines: [] }, { token: null })).status).toBe(401);
    const forged = checkoutSessionToken({ apiKey: TEST_API_KEY, secret: "not-the-app-secret", shop });
    expect((await post({ surface: "checkout", lines: [] }, { token: forged })).status).toBe(401);
    const expired = checkoutSessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop, now: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post({ surface: "checkout", lines: [] }, { token: expired })).status).toBe(401);
  });

  it("answers 400, with CORS headers, to a body that does not validate", async () => {
    const shop = uniqueShop("checkout");
    await seedUpsellShop(shop);
    const response = await post({ surface: "cart", lines: [{ merchandiseId: "gid://shopify/Product/1", quantity: 0 }] }, { shop });
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()) as { error: string }).toEqual({ error: expect.stringMatching(/surface.*lines\.0\.merchandiseId.*lines\.0\.quantity/s) });
  });

  it("checkout: one cross-sell for the checkout's lines, never something already in it", async () => {
    const shop = uniqueShop("checkout");
    await seedUpsellShop(shop);
    const response = await post({ surface: "checkout", lines: [line(MACHINE.variantId)] }, { shop });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { offer } = (await response.json()) as { offer: Record<string, unknown> };
    expect(offer).toMatchObject({
      kind: "cross_sell",
      surface: "checkout",
      productId: `gid://shopify/Product/${TAMPER.productId}`,
      variantId: `gid://shopify/ProductVariant/${TAMPER.variantId}`,
      title: TAMPER.title,
      imageUrl: `https://cdn.shopify.com/s/files/1/demo/${TAMPER.productId}.png`,
      price: 30,
      currencyCode: "USD",
      cartUrl: null,
      discountCode: null,
    });
    expect(offer.offerId).toMatch(/^pw_[0-9a-f]{16}$/);

    const withTamper = (await (await post({ surface: "checkout", lines: [line(MACHINE.variantId), line(TAMPER.variantId)] }, { shop })).json()) as {
      offer: { productId: string };
    };
    expect(withTamper.offer.productId).not.toBe(`gid://shopify/Product/${TAMPER.productId}`);
    expect(withTamper.offer.productId).not.toBe(`gid://shopify/Product/${MACHINE.productId}`);
  });

  it("no offer for a shop that is not installed", async () => {
    const response = await post({ surface: "checkout", lines: [line(MACHINE.variantId)] }, { shop: uniqueShop("unknown") });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ offer: null });
  });

  it("thank-you: a cart permalink with a personal code for a discounted offer, one code per order however often the page loads", async () => {
    const shop = uniqueShop("thanks");
    await seedUpsellShop(shop);
    await prisma.rule.create({
      data: {
        id: `complete-${shop.split(".")[0]}`,
        shop,
        kind: "CROSS_SELL",
        name: "Complete the set",
        priority: 0,
        trigger: { productIds: [String(MACHINE.productId)] },
        offer: { productIds: [String(GRINDER.productId)] },
        surfaces: ["thank_you"],
        discount: { type: "percentage", value: 10 },
      },
    });
    const body = { surface: "thank_you", lines: [line(MACHINE.variantId)], orderId: "gid://shopify/Order/5001" };
    const first = (await (await post(body, { shop, customerId: "77" })).json()) as { offer: Record<string, string> };
    expect(first.offer).toMatchObject({ surface: "thank_you", title: GRINDER.title, discountCode: expect.stringMatching(/^PW-/) });
    expect(first.offer.cartUrl).toBe(`https://${shop}/cart/${GRINDER.variantId}:1?discount=${first.offer.discountCode}`);
    const again = (await (await post(body, { shop, customerId: "77" })).json()) as { offer: Record<string, string> };
    expect(again.offer.discountCode).toBe(first.offer.discountCode);

    const codes = mockDiscounts.filter((d) => d.shop === shop);
    expect(codes).toHaveLength(1);
    expect(codes[0].input).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: ["gid://shopify/Customer/77"] } },
      customerGets: { value: { percentage: 0.1 }, items: { products: { productsToAdd: [`gid://shopify/Product/${GRINDER.productId}`] } } },
    });

    // Without a discount on the offer: the plain permalink.
    const plain = (await (await post({ surface: "thank_you", lines: [line(GRINDER.variantId)], orderId: "5002" }, { shop })).json()) as {
      offer: Record<string, string | null>;
    };
    expect(plain.offer.discountCode).toBeNull();
    expect(plain.offer.cartUrl).toBe(`https://${shop}/cart/${TAMPER.variantId}:1`);
  });
});
