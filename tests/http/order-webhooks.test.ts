// Order webhooks over real HTTP, signed as Shopify signs them: authentication, validation, and
// convergence of a shuffled, duplicated stream to the in-order result.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { rebuildPairStats } from "../../app/recommender/store/pair-stats.server";
import { ensureShop } from "../../app/shops/shop.server";
import { seededRandom } from "../../app/recommender/core/synthetic-baskets";
import { startTestAppServer } from "../support/app-server";
import { drainAllJobs } from "../support/jobs";
import { expectSameStats, statsOf } from "../support/order-events";
import { orderJson, refundJson, type OrderSpec } from "../support/shopify-orders";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();

type OrderTopic = "orders/create" | "orders/updated" | "orders/cancelled" | "orders/delete" | "refunds/create";

async function deliver(
  topic: OrderTopic,
  shop: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string; tamper?: boolean } = {},
) {
  const body = JSON.stringify(payload);
  const headers = webhookHeaders({
    secret: options.secret ?? TEST_API_SECRET,
    shop,
    topic,
    body,
    webhookId: options.webhookId,
  });
  return fetch(`${app.url()}/webhooks/${topic}`, {
    method: "POST",
    headers,
    body: options.tamper ? body.replace('"currency":"USD"', '"currency":"EUR"') : body,
  });
}

async function nothingWritten(shop: string) {
  expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
  expect(await prisma.webhookInbox.count({ where: { shop } })).toBe(0);
  expect(await prisma.order.count({ where: { shop } })).toBe(0);
  const [{ jobs }] = await prisma.$queryRaw<{ jobs: number }[]>`
    SELECT count(*)::int AS jobs FROM graphile_worker._private_jobs WHERE payload->>'shop' = ${shop}`;
  expect(jobs).toBe(0);
}

const T0 = new Date("2026-10-01T12:00:00Z");
const simpleOrder = (id: number): OrderSpec => ({
  id,
  lines: [
    { id: id * 10, productId: 1 },
    { id: id * 10 + 1, productId: 2 },
  ],
  createdAt: T0,
  updatedAt: T0,
});

describe("order webhooks: authentication and validation", () => {
  it("answers 401 to a bad signature or a tampered body on every order topic, writing nothing", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const bodies: [OrderTopic, unknown][] = [
      ["orders/create", orderJson(simpleOrder(1))],
      ["orders/updated", orderJson(simpleOrder(1))],
      ["orders/cancelled", orderJson({ ...simpleOrder(1), cancelledAt: T0 })],
      ["orders/delete", { id: 1 }],
      ["refunds/create", refundJson(1, { id: 5, lines: [{ lineItemId: 10, quantity: 1 }] })],
    ];
    for (const [topic, body] of bodies) {
      expect((await deliver(topic, shop, body, { secret: "not-the-secret" })).status).toBe(401);
      if (topic !== "orders/delete" && topic !== "refunds/create")
        expect((await deliver(topic, shop, body, { tamper: true })).status).toBe(401);
    }
    await drainAllJobs();
    await nothingWritten(shop);
  });

  it("answers 400 to a signed payload of the wrong shape, writing nothing", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const { line_items: _omitted, ...noLines } = orderJson(simpleOrder(1));
    const cases: [OrderTopic, unknown, RegExp][] = [
      ["orders/create", noLines, /line_items/],
      ["orders/updated", { ...orderJson(simpleOrder(1)), updated_at: "yesterday" }, /updated_at/],
      ["orders/cancelled", { ...orderJson(simpleOrder(1)), id: -3 }, /id/],
      ["orders/delete", { order_id: 1 }, /id/],
      ["refunds/create", { id: 5, refund_line_items: [] }, /order_id/],
    ];
    for (const [topic, body, message] of cases) {
      const response = await deliver(topic, shop, body);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(message);
    }
    await drainAllJobs();
    await nothingWritten(shop);
  });

  it("keeps working with junk in shopper-controlled attributes (they are dropped, not rejected)", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const body = {
      ...orderJson({ ...simpleOrder(1), visitorId: "ok" }),
      note_attributes: "not a list",
      line_items: [{ id: 10, product_id: 1, variant_id: 1, quantity: 1, price: "1.00", properties: { weird: true } }],
    };
    expect((await deliver("orders/create", shop, body)).status).toBe(200);
    await drainAllJobs();
    expect(await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop, id: 1n } } })).toMatchObject({
      visitorId: null,
      counted: true,
    });
  });

  it("acknowledges by recording the delivery and queueing the order's job, once per webhook id", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const webhookId = randomUUID();
    const first = await deliver("orders/create", shop, orderJson(simpleOrder(7)), { webhookId });
    const repeat = await deliver("orders/create", shop, orderJson(simpleOrder(7)), { webhookId });
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect(await prisma.order.count({ where: { shop } })).toBe(0); // not processed in the request
    expect(await prisma.webhookInbox.count({ where: { shop } })).toBe(1);
    const jobs = await prisma.$queryRaw<{ key: string }[]>`
      SELECT key FROM graphile_worker._private_jobs WHERE payload->>'shop' = ${shop}`;
    expect(jobs.map((job) => job.key)).toEqual([`ingest-order:${shop}:7`]);
    await drainAllJobs();
    expect(await prisma.order.count({ where: { shop, counted: true } })).toBe(1);
  });
});

interface StreamEvent {
  topic: OrderTopic;
  body: unknown;
}

/** Every kind of order event over many orders, in the order Shopify would send them. */
function orderStream(seed: number, orders: number, products: number): StreamEvent[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const events: StreamEvent[] = [];
  for (let id = 1; id <= orders; id++) {
    const createdAt = new Date(T0.getTime() - pick(90) * 86_400_000 - pick(86_400) * 1000);
    let second = 60;
    const later = () => new Date(createdAt.getTime() + (second += 60 + pick(600)) * 1000);
    const size = id % 23 === 0 ? 9 : 1 + pick(5); // now and then an order over the cap (6)
    const lines = Array.from({ length: size }, (_, i) => ({
      id: id * 100 + i,
      productId: 1 + pick(products),
      quantity: 1 + pick(2),
    }));
    let spec: OrderSpec = {
      id,
      lines,
      createdAt,
      updatedAt: createdAt,
      test: random() < 0.05,
      customerId: 1000 + pick(30),
    };
    events.push({ topic: "orders/create", body: orderJson(spec) });
    if (random() < 0.4) {
      // An edit: a line added; sometimes also a second edit within the same second.
      spec = {
        ...spec,
        lines: [...spec.lines, { id: id * 100 + 50, productId: 1 + pick(products), quantity: 1 }],
        updatedAt: later(),
      };
      events.push({ topic: "orders/updated", body: orderJson(spec) });
      if (random() < 0.3) {
        const twin = { ...spec, lines: spec.lines.slice(1) };
        events.push({ topic: "orders/updated", body: orderJson(twin) });
      }
    }
    if (random() < 0.3) {
      const full = random() < 0.3;
      const refunded = full ? spec.lines : spec.lines.slice(0, 1);
      const refund = {
        id: id * 1000 + 1,
        lines: refunded.map((line) => ({ lineItemId: line.id, quantity: line.quantity ?? 1 })),
      };
      events.push({ topic: "refunds/create", body: refundJson(id, refund) });
      spec = {
        ...spec,
        refunds: [refund],
        financialStatus: full ? "refunded" : "partially_refunded",
        updatedAt: later(),
      };
      events.push({ topic: "orders/updated", body: orderJson(spec) });
    }
    if (random() < 0.12) {
      spec = { ...spec, cancelledAt: later(), updatedAt: later() };
      events.push({ topic: "orders/cancelled", body: orderJson(spec) });
      events.push({ topic: "orders/updated", body: orderJson(spec) });
    }
    if (random() < 0.08) events.push({ topic: "orders/delete", body: { id } });
  }
  return events;
}

async function prepareShop(anchor: Date) {
  const shop = uniqueShop();
  await ensureShop(shop);
  await prisma.shopSettings.update({ where: { shop }, data: { maxBasketSize: 6, halfLifeDays: 30 } });
  await prisma.recommenderState.create({ data: { shop, decayAnchorAt: anchor, halfLifeDays: 30, maxBasketSize: 6 } });
  return shop;
}

async function ordersOf(shop: string) {
  const orders = await prisma.order.findMany({
    where: { shop },
    orderBy: { id: "asc" },
    include: { lines: { orderBy: { id: "asc" } } },
  });
  return JSON.parse(
    JSON.stringify(
      orders.map(({ shop: _shop, deletedAt, lines, ...order }) => ({
        ...order,
        deleted: deletedAt !== null,
        lines: lines.map(({ shop: _lineShop, ...line }) => line),
      })),
      (_key, value) => (typeof value === "bigint" ? String(value) : value),
    ),
  );
}

describe("order webhooks: any delivery order converges", () => {
  it(
    "a shuffled stream with repeats and re-sends ends with the rows and statistics of the in-order stream",
    { timeout: 240_000 },
    async () => {
      const anchor = new Date("2026-09-01T00:00:00Z");
      const events = orderStream(11, 70, 14);
      expect(events.length).toBeGreaterThan(120);

      // In order, each delivery processed before the next.
      const inOrder = await prepareShop(anchor);
      for (const event of events) {
        expect((await deliver(event.topic, inOrder, event.body)).status).toBe(200);
        await drainAllJobs();
      }

      // Shuffled: every event sent 1-3 times (Shopify retries with the same webhook id, or fires again
      // with a new one), four requests at a time, with the worker running at random moments.
      const shuffledShop = await prepareShop(anchor);
      const random = seededRandom(99);
      const deliveries: (StreamEvent & { webhookId: string })[] = [];
      for (const event of events) {
        const webhookId = randomUUID();
        deliveries.push({ ...event, webhookId });
        if (random() < 0.3) deliveries.push({ ...event, webhookId });
        if (random() < 0.2) deliveries.push({ ...event, webhookId: randomUUID() });
      }
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
      }
      for (let start = 0; start < deliveries.length; start += 4) {
        const statuses = await Promise.all(
          deliveries
            .slice(start, start + 4)
            .map((d) => deliver(d.topic, shuffledShop, d.body, { webhookId: d.webhookId }).then((r) => r.status)),
        );
        expect(statuses).toEqual(statuses.map(() => 200));
        if (random() < 0.15) await drainAllJobs();
      }
      await drainAllJobs();

      // Same order rows (fields, lines, refunds, tombstones, counted) ...
      const expectedOrders = await ordersOf(inOrder);
      expect(expectedOrders.length).toBe(70);
      expect(await ordersOf(shuffledShop)).toEqual(expectedOrders);
      const refunds = async (shop: string) =>
        (await prisma.orderRefund.findMany({ where: { shop }, orderBy: { id: "asc" } })).map((r) => [
          String(r.id),
          String(r.orderId),
          r.lines,
        ]);
      expect(await refunds(shuffledShop)).toEqual(await refunds(inOrder));
      // ... and the same statistics, which a rebuild from the orders confirms without writing anything.
      const expected = await statsOf(inOrder);
      expect(expected.pairs.size).toBeGreaterThan(30);
      expectSameStats(await statsOf(shuffledShop), expected, expect);
      for (const shop of [inOrder, shuffledShop]) {
        const rebuilt = await rebuildPairStats(shop);
        expect(rebuilt.written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
      }
      // Every kind of outcome is in the stream.
      const rows = await prisma.order.findMany({ where: { shop: inOrder } });
      expect(rows.some((o) => o.deletedAt)).toBe(true);
      expect(rows.some((o) => o.cancelledAt)).toBe(true);
      expect(rows.some((o) => o.fullyRefunded)).toBe(true);
      expect(rows.some((o) => o.test)).toBe(true);
      expect(rows.filter((o) => o.counted).length).toBeGreaterThan(30);
      // Repeated webhook ids were recorded once.
      const uniqueIds = new Set(deliveries.map((d) => d.webhookId)).size;
      expect(await prisma.webhookDelivery.count({ where: { shop: shuffledShop } })).toBe(uniqueIds);
    },
  );
});

/** JSON with bigints written as JSON numbers, every digit kept (as Shopify writes its 18-digit ids). */
function bigJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `__big__${v}` : v)).replace(
    /"__big__(\d+)"/g,
    "$1",
  );
}

async function deliverRaw(topic: OrderTopic, shop: string, body: string) {
  return fetch(`${app.url()}/webhooks/${topic}`, {
    method: "POST",
    headers: webhookHeaders({ secret: TEST_API_SECRET, shop, topic, body }),
    body,
  });
}

describe("order webhooks: ids beyond 2^53 (Shopify's sample payloads have 18-digit ids)", () => {
  // 788032119674292922 and …923 are one and the same JS number.
  const PRODUCT_A = 788032119674292922n;
  const PRODUCT_B = 788032119674292923n;

  function bigOrder(orderId: bigint, lineIds: [bigint, bigint], asStrings: boolean) {
    const id = (value: bigint) => (asStrings ? String(value) : value);
    const base = orderJson({
      id: 1,
      lines: [
        { id: 1, productId: 1 },
        { id: 2, productId: 2 },
      ],
      createdAt: T0,
      updatedAt: T0,
      customerId: 1,
    });
    return {
      ...base,
      id: id(orderId),
      customer: { id: id(115310627314723954n) },
      line_items: base.line_items.map((line, i) => ({
        ...line,
        id: id(lineIds[i]),
        product_id: id(i === 0 ? PRODUCT_A : PRODUCT_B),
        variant_id: id(i === 0 ? 808950810n : 9007199254740993n),
      })),
    };
  }

  it("keeps every id exact from the signed body to the orders and order_lines rows, as numbers or as strings", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const asNumbers = bigOrder(820982911946154508n, [866550311766439020n, 866550311766439021n], false);
    const asStrings = bigOrder(820982911946154509n, [866550311766439022n, 866550311766439023n], true);
    expect((await deliverRaw("orders/create", shop, bigJson(asNumbers))).status).toBe(200);
    expect((await deliverRaw("orders/create", shop, bigJson(asStrings))).status).toBe(200);
    await drainAllJobs();

    const orders = await prisma.order.findMany({
      where: { shop },
      orderBy: { id: "asc" },
      include: { lines: { orderBy: { id: "asc" } } },
    });
    expect(orders.map((order) => order.id)).toEqual([820982911946154508n, 820982911946154509n]);
    expect(orders.map((order) => order.customerId)).toEqual([115310627314723954n, 115310627314723954n]);
    expect(orders[0].lines.map((line) => [line.id, line.productId, line.variantId])).toEqual([
      [866550311766439020n, PRODUCT_A, 808950810n],
      [866550311766439021n, PRODUCT_B, 9007199254740993n],
    ]);
    expect(orders[1].lines.map((line) => line.productId)).toEqual([PRODUCT_A, PRODUCT_B]);
    // Two products, not one: the statistics leave out ids a JS number cannot hold rather than merge them.
    const lines = await prisma.orderLine.groupBy({ by: ["productId"], where: { shop }, _count: true });
    expect(lines).toHaveLength(2);
  });

  it("answers 400 to an id beyond Postgres bigint, writing nothing", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    for (const asStrings of [false, true]) {
      const response = await deliverRaw(
        "orders/create",
        shop,
        bigJson(bigOrder(9999999999999999999n, [1n, 2n], asStrings)),
      );
      expect(response.status).toBe(400);
    }
    await drainAllJobs();
    await nothingWritten(shop);
  });
});
