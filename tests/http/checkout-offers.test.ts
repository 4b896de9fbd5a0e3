// The checkout UI extension's backend over HTTP, called as the extension calls it: a session token
// signed with the app secret, from Shopify's extension origin, with a CORS preflight first.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { THANK_YOU_CODE_LIMITS } from "../../app/offers/checkout/thank-you-code.server";
import {
  adminApiRequests,
  clearAdminApiRequests,
  clearMockCustomersAndDiscounts,
  clearMockOrders,
  mockDiscounts,
  setMockOrder,
  startShopifyMocks,
} from "../../app/dev/shopify-stand-in";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { checkoutSessionToken } from "../../app/dev/shopify-stand-in/signing";
import { GRINDER, MACHINE, TAMPER, seedUpsellShop, storeOrder } from "../support/upsell-shop";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";

const mocks = startShopifyMocks();
afterAll(() => mocks.close());
beforeEach(() => {
  clearMockCustomersAndDiscounts();
  clearMockOrders();
  clearAdminApiRequests();
});
const app = startTestAppServer();

const ORIGIN = "https://extensions.shopifycdn.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

function post(body: unknown, options: { shop?: string; token?: string | null; customerId?: string } = {}) {
  const token =
    options.token === undefined
      ? checkoutSessionToken({
          apiKey: TEST_API_KEY,
          secret: TEST_API_SECRET,
          shop: options.shop!,
          customerId: options.customerId,
        })
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

const line = (variantId: bigint, quantity = 1) => ({
  merchandiseId: `gid://shopify/ProductVariant/${variantId}`,
  quantity,
});

/** An installed shop whose thank-you offer for MACHINE (the GRINDER) carries a 10% discount. */
async function seedThankYouShop(label: string): Promise<string> {
  const shop = uniqueShop(label);
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
  return shop;
}

describe("POST /api/checkout/offers", () => {
  it("answers the CORS preflight", async () => {
    // Over HTTP: vite.config.ts lets Remix (not Vite's dev server) answer the preflight.
    const response = await fetch(`${app.url()}/api/checkout/offers`, {
      method: "OPTIONS",
      headers: {
        Origin: ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
        "User-Agent": BROWSER,
      },
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
    const expired = checkoutSessionToken({
      apiKey: TEST_API_KEY,
      secret: TEST_API_SECRET,
      shop,
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    expect((await post({ surface: "checkout", lines: [] }, { token: expired })).status).toBe(401);
  });

  it("refuses a signed token whose claims have the wrong types (401), and reads an out-of-range customer as a guest", async () => {
    const shop = uniqueShop("checkout");
    await seedUpsellShop(shop);
    const body = { surface: "checkout", lines: [line(MACHINE.variantId)] };
    const signed = (claims: Record<string, unknown>) =>
      checkoutSessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop, claims });
    for (const claims of [{ dest: null }, { dest: 0 }, { jti: true }, { sub: 42 }, { sid: {} }]) {
      const response = await post(body, { token: signed(claims) });
      expect(response.status, JSON.stringify(claims)).toBe(401);
    }
    const beyondBigint = await post(body, { token: signed({ sub: "gid://shopify/Customer/9223372036854775808" }) });
    expect(beyondBigint.status).toBe(200);
  });

  it("answers 400, with CORS headers, to a body that does not validate", async () => {
    const shop = uniqueShop("checkout");
    await seedUpsellShop(shop);
    const response = await post(
      { surface: "cart", lines: [{ merchandiseId: "gid://shopify/Product/1", quantity: 0 }] },
      { shop },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()) as { error: string }).toEqual({
      error: expect.stringMatching(/surface.*lines\.0\.merchandiseId.*lines\.0\.quantity/s),
    });
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

    const withTamper = (await (
      await post({ surface: "checkout", lines: [line(MACHINE.variantId), line(TAMPER.variantId)] }, { shop })
    ).json()) as {
      offer: { productId: string };
    };
    expect(withTamper.offer.productId).not.toBe(`gid://shopify/Product/${TAMPER.productId}`);
    expect(withTamper.offer.productId).not.toBe(`gid://shopify/Product/${MACHINE.productId}`);
  });

  it("no offer for a shop that is not installed", async () => {
    const response = await post(
      { surface: "checkout", lines: [line(MACHINE.variantId)] },
      { shop: uniqueShop("unknown") },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ offer: null });
  });

  it("thank-you: a cart permalink with a personal code for a discounted offer, one code per order however often the page loads", async () => {
    const shop = await seedThankYouShop("thanks");
    await storeOrder(shop, { id: 5001n, customerId: 77n });
    const body = { surface: "thank_you", lines: [line(MACHINE.variantId)], orderId: "gid://shopify/Order/5001" };
    const first = (await (await post(body, { shop, customerId: "77" })).json()) as { offer: Record<string, string> };
    expect(first.offer).toMatchObject({
      surface: "thank_you",
      title: GRINDER.title,
      discountCode: expect.stringMatching(/^PW-/),
    });
    expect(first.offer.cartUrl).toBe(
      `https://${shop}/cart/${GRINDER.variantId}:1?discount=${first.offer.discountCode}`,
    );
    const again = (await (await post(body, { shop, customerId: "77" })).json()) as { offer: Record<string, string> };
    expect(again.offer.discountCode).toBe(first.offer.discountCode);

    const codes = mockDiscounts.filter((d) => d.shop === shop);
    expect(codes).toHaveLength(1);
    expect(codes[0].input).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: ["gid://shopify/Customer/77"] } },
      customerGets: {
        value: { percentage: 0.1 },
        items: { products: { productsToAdd: [`gid://shopify/Product/${GRINDER.productId}`] } },
      },
    });

    // Without a discount on the offer: the plain permalink.
    const plain = (await (
      await post({ surface: "thank_you", lines: [line(GRINDER.variantId)], orderId: "5002" }, { shop })
    ).json()) as {
      offer: Record<string, string | null>;
    };
    expect(plain.offer.discountCode).toBeNull();
    expect(plain.offer.cartUrl).toBe(`https://${shop}/cart/${TAMPER.variantId}:1`);
  });
});

describe("thank-you codes: only for an order the request proves, once per order, rate-limited", () => {
  type Answer = { offer: { title: string; discountCode: string | null; cartUrl: string } | null };
  const thanks = (orderId: string | bigint) => ({
    surface: "thank_you",
    lines: [line(MACHINE.variantId)],
    orderId: `gid://shopify/Order/${orderId}`,
  });
  const ask = async (shop: string, orderId: string | bigint, options: { token?: string; customerId?: string } = {}) => {
    const response = await post(thanks(orderId), { shop, ...options });
    expect(response.status).toBe(200);
    return ((await response.json()) as Answer).offer;
  };
  const mutations = (shop: string) =>
    adminApiRequests.filter((r) => r.shop === shop && r.operationName === "DiscountCodeBasicCreate");
  const HOUR = 3_600_000;

  it("made-up order ids: the offer, no code, no discount mutation", async () => {
    const shop = await seedThankYouShop("madeup");
    for (let i = 0; i < 20; i++) {
      const offer = await ask(shop, 990_000_000_000n + BigInt(i));
      expect(offer).toMatchObject({
        title: GRINDER.title,
        discountCode: null,
        cartUrl: `https://${shop}/cart/${GRINDER.variantId}:1`,
      });
    }
    expect(mutations(shop)).toHaveLength(0);
    expect(mockDiscounts.filter((d) => d.shop === shop)).toHaveLength(0);
    // Not ingested, so each was looked up in the shop, where none exists.
    expect(adminApiRequests.filter((r) => r.shop === shop && r.operationName === "OrderProof")).toHaveLength(20);
  });

  it("a recent order of the shop: one code, bound to the order's customer, the same on reload", async () => {
    const shop = await seedThankYouShop("real");
    await storeOrder(shop, { id: 6001n, customerId: 88n, processedAt: new Date(Date.now() - 10 * 60_000) });
    const first = await ask(shop, 6001n); // a guest token: the order's customer still binds the code
    expect(first?.discountCode).toMatch(/^PW-/);
    expect(await ask(shop, 6001n)).toMatchObject({ discountCode: first!.discountCode });
    expect(await ask(shop, 6001n, { customerId: "88" })).toMatchObject({ discountCode: first!.discountCode });
    expect(mutations(shop)).toHaveLength(1);
    expect(mockDiscounts.filter((d) => d.shop === shop)).toMatchObject([
      {
        code: first!.discountCode,
        input: { usageLimit: 1, context: { customers: { add: ["gid://shopify/Customer/88"] } } },
      },
    ]);
  });

  it("an order not ingested yet is proved through the Admin API", async () => {
    const shop = await seedThankYouShop("notyet");
    setMockOrder(shop, { id: 6101n, processedAt: new Date(Date.now() - 60_000), customerId: null });
    const offer = await ask(shop, 6101n);
    expect(offer?.discountCode).toMatch(/^PW-/);
    setMockOrder(shop, { id: 6102n, processedAt: new Date(Date.now() - 60_000), customerId: 55n });
    expect(await ask(shop, 6102n, { customerId: "56" })).toMatchObject({ discountCode: null });
    expect((await ask(shop, 6102n, { customerId: "55" }))?.discountCode).toMatch(/^PW-/);
    expect(mockDiscounts.filter((d) => d.shop === shop)).toMatchObject([
      { input: { context: { all: "ALL" } } },
      { input: { context: { customers: { add: ["gid://shopify/Customer/55"] } } } },
    ]);
  });

  it("50 concurrent requests for one order make one code", async () => {
    const shop = await seedThankYouShop("burst");
    await storeOrder(shop, { id: 6201n, customerId: null });
    const offers = await Promise.all(Array.from({ length: 50 }, () => ask(shop, 6201n)));
    expect(mutations(shop)).toHaveLength(1);
    const codes = new Set(offers.map((offer) => offer?.discountCode ?? null));
    codes.delete(null); // requests that came while the winner was still creating it
    expect(codes.size).toBe(1);
    expect(offers.every((offer) => offer?.title === GRINDER.title)).toBe(true);
    expect((await ask(shop, 6201n))?.discountCode).toBe([...codes][0]);
  });

  it("no code for another shop's order, an old or cancelled one, or another customer's", async () => {
    const shop = await seedThankYouShop("mine");
    const other = await seedThankYouShop("other");
    await storeOrder(other, { id: 6301n, customerId: null });
    setMockOrder(other, { id: 6302n, processedAt: new Date(), customerId: null });
    await storeOrder(shop, { id: 6303n, customerId: null, processedAt: new Date(Date.now() - 3 * 24 * HOUR) });
    setMockOrder(shop, { id: 6304n, processedAt: new Date(Date.now() - 30 * 24 * HOUR), customerId: null });
    await storeOrder(shop, { id: 6305n, customerId: null, cancelledAt: new Date() });
    await storeOrder(shop, { id: 6306n, customerId: 91n });
    for (const orderId of [6301n, 6302n, 6303n, 6304n, 6305n]) {
      expect(await ask(shop, orderId)).toMatchObject({ title: GRINDER.title, discountCode: null });
    }
    expect(await ask(shop, 6306n, { customerId: "92" })).toMatchObject({ discountCode: null });
    expect(mutations(shop)).toHaveLength(0);
    // The same customer's token does get it.
    expect((await ask(shop, 6306n, { customerId: "91" }))?.discountCode).toMatch(/^PW-/);
  });

  it("a token that used up its attempts gets no more codes, even for a real order", async () => {
    const shop = await seedThankYouShop("limit");
    await storeOrder(shop, { id: 6401n, customerId: null });
    const token = checkoutSessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop });
    for (let i = 0; i < THANK_YOU_CODE_LIMITS.token; i++)
      expect(await ask(shop, 880_000_000_000n + BigInt(i), { token })).toMatchObject({ discountCode: null });
    expect(await ask(shop, 6401n, { token })).toMatchObject({ title: GRINDER.title, discountCode: null });
    expect(mutations(shop)).toHaveLength(0);
    // Another checkout's token still gets the order's code: the limit was the token's.
    expect((await ask(shop, 6401n))?.discountCode).toMatch(/^PW-/);
  });
});

describe("POST /api/checkout/offers: ids beyond Postgres bigint", () => {
  it("answers 400 naming the field, not 500, to a line or order id above 9223372036854775807", async () => {
    const shop = uniqueShop("checkout");
    await seedUpsellShop(shop);
    const huge = 9999999999999999999n;
    const bodies: [unknown, RegExp][] = [
      [{ surface: "checkout", lines: [line(huge)] }, /lines\.0\.merchandiseId/],
      [{ surface: "checkout", lines: [{ merchandiseId: String(huge), quantity: 1 }] }, /lines\.0\.merchandiseId/],
      [{ surface: "thank_you", lines: [line(MACHINE.variantId)], orderId: `gid://shopify/Order/${huge}` }, /orderId/],
    ];
    for (const [body, field] of bodies) {
      const response = await post(body, { shop });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(field);
    }
    // The largest id Postgres holds is valid: an unknown variant, no offer, no error.
    expect((await post({ surface: "checkout", lines: [line(9223372036854775807n)] }, { shop })).status).toBe(200);
  });
});
