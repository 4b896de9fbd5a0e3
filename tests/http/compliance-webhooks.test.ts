// Compliance and uninstall webhooks over HTTP, signed as Shopify signs them.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { drainJobs } from "../../app/jobs/worker.server";
import { ensureShop } from "../../app/models/shop.server";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { webhookHeaders } from "../support/shopify-signing";
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
    const wrongSecret = await deliver("shop/redact", "/webhooks/shop/redact", shop, { shop_domain: shop }, { secret: "not-the-secret" });
    expect(wrongSecret.status).toBe(401);
    const tampered = await deliver("shop/redact", "/webhooks/shop/redact", shop, { shop_domain: shop }, { tamper: true });
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
    const payload = { shop_id: 1, shop_domain: shop, customer: { id: 77, email: "c@example.com" }, orders_to_redact: [1001] };

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
    const response = await deliver("app/uninstalled", "/webhooks/app/uninstalled", shop, { id: 1, domain: shop });
    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop } })).uninstalledAt).not.toBeNull();
    await drainJobs(process.env.DATABASE_URL!);
    expect(await prisma.shop.count({ where: { shop } })).toBe(0);
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
  });
});
