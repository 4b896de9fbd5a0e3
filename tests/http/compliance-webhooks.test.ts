// Compliance and uninstall webhooks over HTTP, signed as Shopify signs them.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { drainJobs } from "../../app/jobs/worker.server";
import { ensureShop } from "../../app/shops/shop.server";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();

async function deliver(
  topic: string,
  route: string,
  shop: string,
  payload: unknown,
  options: { secret?: string; webhookId?: string; tamper?: boolean } = {},
) {
  const body = JSON.stringify(payload);
  const headers = webhookHeaders({
    secret: options.secret ?? TEST_API_SECRET,
    shop,
    topic,
    body,
    webhookId: options.webhookId,
  });
  return fetch(`${app.url()}${route}`, {
    method: "POST",
    headers,
    body: options.tamper ? body.replace("}", ',"x":1}') : body,
  });
}

async function seedShopWithCustomer(shop: string, customerId: bigint) {
  await ensureShop(shop);
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", accessToken: "token", isOnline: false },
  });
  await prisma.order.create({
    data: {
      shop,
      id: 1001n,
      name: "#1001",
      customerId,
      visitorId: "visitor-1",
      currencyCode: "USD",
      subtotalPrice: "10.00",
      totalPrice: "10.00",
      processedAt: new Date(),
      sourceUpdatedAt: new Date(),
      counted: true,
    },
  });
  await prisma.orderLine.create({
    data: { shop, id: 1n, orderId: 1001n, productId: 11n, variantId: 111n, quantity: 1, price: "10.00" },
  });
  await prisma.emailSend.create({
    data: { shop, orderId: 1001n, customerId, toAddress: "c@example.com", scheduledFor: new Date() },
  });
  await prisma.emailSuppression.create({ data: { shop, customerId, reason: "unsubscribed" } });
}

describe("webhook authentication", () => {
  it("rejects a bad HMAC with 401 and changes nothing", async () => {
    const shop = uniqueShop();
    await seedShopWithCustomer(shop, 77n);
    const wrongSecret = await deliver(
      "shop/redact",
      "/webhooks/shop/redact",
      shop,
      { shop_domain: shop },
      { secret: "not-the-secret" },
    );
    expect(wrongSecret.status).toBe(401);
    const tampered = await deliver(
      "shop/redact",
      "/webhooks/shop/redact",
      shop,
      { shop_domain: shop },
      { tamper: true },
    );
    expect(tampered.status).toBe(401);
    await drainJobs(process.env.DATABASE_URL!);
    expect(await prisma.shop.count({ where: { shop } })).toBe(1);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
  });

  it("answers 400 to a signed payload that does not match the topic's shape, writing nothing", async () => {
    const shop = uniqueShop();
    const response = await deliver("customers/redact", "/webhooks/customers/redact", shop, { shop_domain: shop });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/customer/);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
  });
});

describe("customers/redact", () => {
  it("removes the customer's rows and unlinks their orders, once however often it arrives", async () => {
    const shop = uniqueShop();
    await seedShopWithCustomer(shop, 77n);
    const other = uniqueShop("other");
    await seedShopWithCustomer(other, 77n);
    const payload = {
      shop_id: 1,
      shop_domain: shop,
      customer: { id: 77, email: "c@example.com" },
      orders_to_redact: [1001],
    };

    const first = await deliver("customers/redact", "/webhooks/customers/redact", shop, payload, { webhookId: "w-1" });
    const again = await deliver("customers/redact", "/webhooks/customers/redact", shop, payload, { webhookId: "w-1" });
    expect([first.status, again.status]).toEqual([200, 200]);
    await drainJobs(process.env.DATABASE_URL!);

    expect(await prisma.emailSend.count({ where: { shop } })).toBe(0);
    expect(await prisma.emailSuppression.count({ where: { shop } })).toBe(0);
    const order = await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop, id: 1001n } } });
    expect(order.customerId).toBeNull();
    expect(order.visitorId).toBeNull();
    // The anonymous order lines still feed the statistics.
    expect(await prisma.orderLine.count({ where: { shop } })).toBe(1);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(1);
    // Another shop's customer with the same id is untouched.
    expect(await prisma.emailSend.count({ where: { shop: other } })).toBe(1);
    expect((await prisma.order.findFirstOrThrow({ where: { shop: other } })).customerId).toBe(77n);
  });
});

describe("customers/data_request", () => {
  it("records the request for the merchant, once per delivery", async () => {
    const shop = uniqueShop();
    const payload = {
      shop_id: 1,
      shop_domain: shop,
      orders_requested: [1001, 1002],
      customer: { id: 77, email: "c@example.com", phone: null },
      data_request: { id: 9999 },
    };
    await deliver("customers/data_request", "/webhooks/customers/data_request", shop, payload, { webhookId: "d-1" });
    await deliver("customers/data_request", "/webhooks/customers/data_request", shop, payload, { webhookId: "d-1" });
    const requests = await prisma.dataRequest.findMany({ where: { shop } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ customerId: 77n, ordersRequested: [1001n, 1002n], dataRequestId: "9999" });
  });
});

describe("shop/redact and app/uninstalled", () => {
  it("shop/redact erases every row of the shop and nothing of another shop", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seedShopWithCustomer(shop, 5n);
    await seedShopWithCustomer(other, 5n);
    const response = await deliver("shop/redact", "/webhooks/shop/redact", shop, { shop_id: 1, shop_domain: shop });
    expect(response.status).toBe(200);
    await drainJobs(process.env.DATABASE_URL!);
    for (const count of [
      prisma.shop.count({ where: { shop } }),
      prisma.session.count({ where: { shop } }),
      prisma.order.count({ where: { shop } }),
      prisma.orderLine.count({ where: { shop } }),
      prisma.emailSend.count({ where: { shop } }),
      prisma.shopSettings.count({ where: { shop } }),
      prisma.webhookDelivery.count({ where: { shop } }),
    ]) {
      expect(await count).toBe(0);
    }
    expect(await prisma.order.count({ where: { shop: other } })).toBe(1);
    expect(await prisma.session.count({ where: { shop: other } })).toBe(1);
  });

  it("app/uninstalled deletes the sessions at once and erases the data in a job", async () => {
    const shop = uniqueShop();
    await seedShopWithCustomer(shop, 5n);
    const response = await deliver("app/uninstalled", "/webhooks/app/uninstalled", shop, {
      id: 1,
      domain: shop,
      myshopify_domain: shop,
    });
    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop } })).uninstalledAt).not.toBeNull();
    await drainJobs(process.env.DATABASE_URL!);
    expect(await prisma.shop.count({ where: { shop } })).toBe(0);
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
  });
});

/** A signed delivery with every header as given (the HMAC covers only the body). */
async function post(route: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  return fetch(`${app.url()}${route}`, { method: "POST", headers, body });
}

function signed(topic: string, headerShop: string, body: string, overrides: Record<string, string> = {}) {
  return { ...webhookHeaders({ secret: TEST_API_SECRET, shop: headerShop, topic, body }), ...overrides };
}

async function erased(shop: string): Promise<boolean> {
  await drainJobs(process.env.DATABASE_URL!);
  return (
    (await prisma.shop.count({ where: { shop } })) === 0 && (await prisma.session.count({ where: { shop } })) === 0
  );
}

describe("compliance webhooks trust the signed body, not the headers", () => {
  it("shop/redact never erases a shop the signed body does not name", async () => {
    const victim = uniqueShop("victim");
    const attacker = uniqueShop("attacker");
    await seedShopWithCustomer(victim, 5n);
    // A genuine, signed shop/redact body of the attacker's own shop, with the victim in the header.
    const body = JSON.stringify({ shop_id: 1, shop_domain: attacker });
    const response = await post("/webhooks/shop/redact", body, signed("shop/redact", victim, body));
    expect(response.status).toBe(401);
    expect(await erased(victim)).toBe(false);
    expect(await prisma.webhookDelivery.count({ where: { shop: { in: [victim, attacker] } } })).toBe(0);
  });

  it("refuses another compliance topic's body on shop/redact, whatever the headers say", async () => {
    const shop = uniqueShop();
    await seedShopWithCustomer(shop, 5n);
    const customersRedact = JSON.stringify({
      shop_id: 1,
      shop_domain: shop,
      customer: { id: 5 },
      orders_to_redact: [],
    });
    const dataRequest = JSON.stringify({
      shop_id: 1,
      shop_domain: shop,
      customer: { id: 5 },
      orders_requested: [],
      data_request: { id: 1 },
    });
    for (const body of [customersRedact, dataRequest]) {
      // Header topic says shop/redact: the body's shape gives it away.
      const asShopRedact = await post("/webhooks/shop/redact", body, signed("shop/redact", shop, body));
      expect(asShopRedact.status).toBe(400);
      // Header topic true to the body: not this route's topic.
      const honestTopic = await post(
        "/webhooks/shop/redact",
        body,
        signed(body === customersRedact ? "customers/redact" : "customers/data_request", shop, body),
      );
      expect(honestTopic.status).toBe(401);
    }
    // And a shop/redact body is not a customers/redact one.
    const shopRedact = JSON.stringify({ shop_id: 1, shop_domain: shop });
    expect(
      (await post("/webhooks/customers/redact", shopRedact, signed("customers/redact", shop, shopRedact))).status,
    ).toBe(400);
    // Nor a customers/data_request one (which Shopify always sends with customer, orders and request id).
    expect(
      (await post("/webhooks/customers/data_request", shopRedact, signed("customers/data_request", shop, shopRedact)))
        .status,
    ).toBe(400);
    expect(await prisma.dataRequest.count({ where: { shop } })).toBe(0);
    expect(await erased(shop)).toBe(false);
    expect(await prisma.emailSend.count({ where: { shop } })).toBe(1);
  });

  it("customers/redact, customers/data_request and app/uninstalled check the body's shop against the header", async () => {
    const victim = uniqueShop("victim");
    const attacker = uniqueShop("attacker");
    await seedShopWithCustomer(victim, 77n);
    const cases: [string, string, unknown][] = [
      [
        "customers/redact",
        "/webhooks/customers/redact",
        { shop_id: 1, shop_domain: attacker, customer: { id: 77 }, orders_to_redact: [1001] },
      ],
      [
        "customers/data_request",
        "/webhooks/customers/data_request",
        { shop_id: 1, shop_domain: attacker, customer: { id: 77 }, orders_requested: [], data_request: { id: 1 } },
      ],
      [
        "app/uninstalled",
        "/webhooks/app/uninstalled",
        { id: 1, domain: "shop.example.com", myshopify_domain: attacker },
      ],
    ];
    for (const [topic, route, payload] of cases) {
      const body = JSON.stringify(payload);
      expect((await post(route, body, signed(topic, victim, body))).status, topic).toBe(401);
    }
    await drainJobs(process.env.DATABASE_URL!);
    expect(await prisma.session.count({ where: { shop: victim } })).toBe(1);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop: victim } })).uninstalledAt).toBeNull();
    expect((await prisma.order.findFirstOrThrow({ where: { shop: victim } })).customerId).toBe(77n);
    expect(await prisma.dataRequest.count({ where: { shop: victim } })).toBe(0);
  });
});

describe("webhook replay window (X-Shopify-Triggered-At)", () => {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  it("refuses a delivery triggered beyond Shopify's retry period, or in the future; takes a late retry", async () => {
    const shop = uniqueShop();
    await seedShopWithCustomer(shop, 5n);
    const body = JSON.stringify({ shop_id: 1, shop_domain: shop });
    for (const triggeredAt of [hoursAgo(50), hoursAgo(24 * 30), hoursAgo(-1), "not a time"]) {
      const response = await post(
        "/webhooks/shop/redact",
        body,
        signed("shop/redact", shop, body, { "X-Shopify-Triggered-At": triggeredAt }),
      );
      expect(response.status, triggeredAt).toBeGreaterThanOrEqual(400);
      expect(response.status, triggeredAt).toBeLessThan(500);
    }
    expect(await erased(shop)).toBe(false);
    // Shopify's last retries come up to 48 hours after the event: still taken.
    const lateRetry = await post(
      "/webhooks/shop/redact",
      body,
      signed("shop/redact", shop, body, { "X-Shopify-Triggered-At": hoursAgo(47.5) }),
    );
    expect(lateRetry.status).toBe(200);
    expect(await erased(shop)).toBe(true);
  });
});

describe("signed but malformed webhook bodies", () => {
  const routes: [string, string][] = [
    ["app/uninstalled", "/webhooks/app/uninstalled"],
    ["app/scopes_update", "/webhooks/app/scopes_update"],
    ["customers/create", "/webhooks/customers/create"],
    ["customers/update", "/webhooks/customers/update"],
    ["customers/delete", "/webhooks/customers/delete"],
    ["customers/data_request", "/webhooks/customers/data_request"],
    ["customers/redact", "/webhooks/customers/redact"],
    ["shop/redact", "/webhooks/shop/redact"],
    ["orders/create", "/webhooks/orders/create"],
    ["orders/updated", "/webhooks/orders/updated"],
    ["orders/cancelled", "/webhooks/orders/cancelled"],
    ["orders/delete", "/webhooks/orders/delete"],
    ["refunds/create", "/webhooks/refunds/create"],
    ["products/create", "/webhooks/products/create"],
    ["products/update", "/webhooks/products/update"],
    ["products/delete", "/webhooks/products/delete"],
  ];

  it("answers 400 to a body that is not UTF-8 JSON, on every topic, writing nothing", async () => {
    const shop = uniqueShop();
    const bodies: (string | Buffer)[] = [
      "",
      "not json",
      "{",
      '{"id": 1',
      "[1,]",
      "\u0000",
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ];
    for (const [topic, route] of routes) {
      for (const body of bodies) {
        const raw = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
        const headers = {
          ...webhookHeaders({ secret: TEST_API_SECRET, shop, topic, body: "" }),
          "X-Shopify-Hmac-Sha256": createHmac("sha256", TEST_API_SECRET).update(raw).digest("base64"),
        };
        const response = await post(route, raw, headers);
        expect(response.status, `${topic} ${JSON.stringify(String(body))}`).toBe(400);
      }
    }
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
    expect(await prisma.shop.count({ where: { shop } })).toBe(0);
  });

  it("answers 401 when the HMAC header is missing, on every topic", async () => {
    const shop = uniqueShop();
    for (const [topic, route] of routes) {
      const body = JSON.stringify({ id: 1, shop_domain: shop });
      const { "X-Shopify-Hmac-Sha256": _hmac, ...unsigned } = signed(topic, shop, body);
      expect((await post(route, body, unsigned)).status, topic).toBe(401);
    }
  });

  it("never stores text Postgres refuses (a lone surrogate, NUL): a customer's tags are repaired", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const body =
      '{"id":77,"tags":"vip,a\\ud800b,c\\u0000d","updated_at":"2026-11-01T10:00:00-05:00","email":"\\udfff"}';
    const response = await post("/webhooks/customers/create", body, signed("customers/create", shop, body));
    expect(response.status).toBe(200);
    const [row] = await prisma.$queryRaw<{ tags: string[] }[]>`SELECT tags FROM customer_tags WHERE shop = ${shop}`;
    expect(row.tags).toEqual(["vip", "a\ufffdb", "c\ufffdd"]);
  });
});
