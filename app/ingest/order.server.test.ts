// Order ingestion and incremental pair statistics against a real Postgres (no HTTP here; the
// routes are covered in tests/http/order-webhooks.test.ts).
// Over 400 lines on purpose (#14): every effect of an order version on the store, one suite sharing its helpers.
import { describe, expect, it } from "vitest";
import prisma from "../db.server";
import { PairCounts } from "../recommender/core/pair-counts";
import { seededRandom } from "../recommender/core/synthetic-baskets";
import { ensureShop } from "../shops/shop.server";
import { ingestOrder } from "./order.server";
import { rebuildPairStats } from "../recommender/store/pair-stats.server";
import { storedPairCounts } from "../recommender/store/pair-storage.server";
import { drainAllJobs, drainDueJobs } from "../../tests/support/jobs";
import { expectSameStats, queueDelivery, statsOf } from "../../tests/support/order-events";
import { orderJson, refundJson, type OrderSpec } from "../../tests/support/shopify-orders";
import { deleteStoredPairs, forgetStoredPair } from "../../tests/support/pair-stats";
import { uniqueShop } from "../../tests/support/shops";

const T0 = new Date("2026-10-01T12:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function newShop(settings: { maxBasketSize?: number; halfLifeDays?: number | null } = {}) {
  const shop = uniqueShop();
  await ensureShop(shop);
  await prisma.shopSettings.update({ where: { shop }, data: settings });
  return shop;
}

function order(id: number, products: number[], extra: Partial<OrderSpec> = {}): OrderSpec {
  return {
    id,
    lines: products.map((productId, i) => ({ id: id * 100 + i, productId })),
    createdAt: minutes(0),
    updatedAt: minutes(1),
    ...extra,
  };
}

describe("ingest-order", () => {
  it("stores the order without personal data and counts its pairs", async () => {
    const shop = await newShop();
    const spec = order(1, [11, 12, 13], {
      visitorId: "v-123",
      lines: [
        {
          id: 100,
          productId: 11,
          properties: [
            { name: "_pairwise_offer", value: "offer-1" },
            { name: "_pairwise_surface", value: "cart" },
            { name: "_pairwise_kind", value: "cross_sell" },
          ],
        },
        { id: 101, productId: 12, quantity: 2, properties: [{ name: "_pairwise_offer", value: "<script>" }] },
        { id: 102, productId: 13 },
        { id: 103, productId: null }, // a custom line: no product, no pairs
      ],
    });
    await queueDelivery(shop, "orders/create", orderJson(spec));
    await drainAllJobs();

    const stored = await prisma.order.findUniqueOrThrow({
      where: { shop_id: { shop, id: 1n } },
      include: { lines: { orderBy: { id: "asc" } } },
    });
    expect(stored).toMatchObject({
      name: "#1",
      customerId: 501n,
      visitorId: "v-123",
      currencyCode: "USD",
      counted: true,
      test: false,
      deletedAt: null,
    });
    expect(JSON.stringify(stored, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(
      /Lovelace|example\.com|Main St/,
    );
    expect(stored.lines.map((line) => [line.productId, line.offerId, line.offerSurface, line.offerKind])).toEqual([
      [11n, "offer-1", "cart", "cross_sell"],
      [12n, null, null, null],
      [13n, null, null, null],
      [null, null, null, null],
    ]);
    const stats = await statsOf(shop);
    expect(stats.totalOrders).toBe(1);
    expect(Object.fromEntries(stats.pairs)).toEqual({ "11:12": 1, "11:13": 1, "12:13": 1 });
    expect(Object.fromEntries(stats.products)).toEqual({ "11": 1, "12": 1, "13": 1 });
  });

  it("ignores an older version, applies a newer one as a delta, and a repeat changes nothing", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2], { updatedAt: minutes(1) })));
    await queueDelivery(shop, "orders/updated", orderJson(order(1, [1, 2, 3], { updatedAt: minutes(5) })));
    await drainAllJobs();
    await queueDelivery(shop, "orders/updated", orderJson(order(1, [1, 4], { updatedAt: minutes(3) }))); // late and old
    await drainAllJobs();
    const stats = await statsOf(shop);
    expect(Object.fromEntries(stats.pairs)).toEqual({ "1:2": 1, "1:3": 1, "2:3": 1 });
    expect(await prisma.orderLine.count({ where: { shop } })).toBe(3);

    await queueDelivery(shop, "orders/updated", orderJson(order(1, [1, 3], { updatedAt: minutes(9) })));
    const applied = await ingestOrder(shop, 1n);
    expect(applied.status).toBe("applied");
    // Only what changed: product 2 and its pairs leave.
    expect(applied.delta).toEqual({
      totalOrders: 0,
      items: [{ id: 2, delta: -1 }],
      pairs: [
        { a: 1, b: 2, delta: -1 },
        { a: 2, b: 3, delta: -1 },
      ],
    });
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:3": 1 });

    await queueDelivery(shop, "orders/updated", orderJson(order(1, [1, 3], { updatedAt: minutes(9) })));
    expect((await ingestOrder(shop, 1n)).status).toBe("unchanged");
  });

  it("resolves two versions with the same updated_at the same way in either order", async () => {
    const a = orderJson(order(1, [1, 2], { updatedAt: minutes(2) }));
    const b = orderJson(order(1, [1, 3], { updatedAt: minutes(2) }));
    const results: string[] = [];
    for (const sequence of [
      [a, b],
      [b, a],
    ]) {
      const shop = await newShop();
      for (const body of sequence) {
        await queueDelivery(shop, "orders/updated", body);
        await drainAllJobs();
      }
      results.push(JSON.stringify(Object.fromEntries((await statsOf(shop)).pairs)));
    }
    expect(results[0]).toBe(results[1]);
  });

  it("cancelled and test orders stop counting; a delete is a tombstone a late create cannot undo", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2])));
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 2])));
    await queueDelivery(shop, "orders/create", orderJson(order(3, [1, 2], { test: true })));
    await drainAllJobs();
    expect((await statsOf(shop)).pairs.get("1:2")).toBe(2);

    await queueDelivery(
      shop,
      "orders/cancelled",
      orderJson(order(1, [1, 2], { updatedAt: minutes(5), cancelledAt: minutes(5) })),
    );
    await queueDelivery(shop, "orders/delete", { id: 2 });
    await queueDelivery(shop, "orders/delete", { id: 4 }); // deleted before we ever saw it
    await drainAllJobs();
    expect((await statsOf(shop)).pairs.size).toBe(0);
    expect((await statsOf(shop)).totalOrders).toBe(0);

    await queueDelivery(shop, "orders/updated", orderJson(order(2, [1, 2, 3], { updatedAt: minutes(30) })));
    await queueDelivery(shop, "orders/create", orderJson(order(4, [1, 2])));
    await drainAllJobs();
    const rows = await prisma.order.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(
      rows.map((row) => [row.id, row.counted, row.deletedAt !== null, row.cancelledAt !== null, row.test]),
    ).toEqual([
      [1n, false, false, true, false],
      [2n, false, true, false, false],
      [3n, false, false, false, true],
      [4n, false, true, false, false],
    ]);
    // The tombstoned order still follows its newest version (so every delivery order ends the same).
    expect(await prisma.orderLine.count({ where: { shop, orderId: 2n } })).toBe(3);
    expect((await statsOf(shop)).pairs.size).toBe(0);
  });

  it("refunds count once, by id, whether they come before the order, in it, or after it", async () => {
    const shop = await newShop();
    // Refund of line 101 (product 2) arrives before the order.
    await queueDelivery(shop, "refunds/create", refundJson(1, { id: 9, lines: [{ lineItemId: 101, quantity: 1 }] }));
    await drainAllJobs();
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
    expect(await prisma.orderRefund.count({ where: { shop } })).toBe(1);

    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2, 3], { updatedAt: minutes(1) })));
    await drainAllJobs();
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:3": 1 });
    // The same refund, listed in a later order version, is not counted twice.
    await queueDelivery(
      shop,
      "orders/updated",
      orderJson(
        order(1, [1, 2, 3], {
          updatedAt: minutes(2),
          financialStatus: "partially_refunded",
          refunds: [{ id: 9, lines: [{ lineItemId: 101, quantity: 1 }] }],
        }),
      ),
    );
    await drainAllJobs();
    const lines = await prisma.orderLine.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(lines.map((line) => line.refundedQuantity)).toEqual([0, 1, 0]);
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:3": 1 });

    // Refunding the rest makes the order fully refunded: it stops counting.
    await queueDelivery(
      shop,
      "refunds/create",
      refundJson(1, {
        id: 10,
        lines: [
          { lineItemId: 100, quantity: 1 },
          { lineItemId: 102, quantity: 1 },
        ],
      }),
    );
    await drainAllJobs();
    expect(await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop, id: 1n } } })).toMatchObject({
      fullyRefunded: true,
      counted: false,
    });
    expect((await statsOf(shop)).totalOrders).toBe(0);
  });

  it("keeps orders over the basket cap out of the statistics", async () => {
    const shop = await newShop({ maxBasketSize: 3 });
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2, 3, 4])));
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 2, 2, 3]))); // 3 distinct: fine
    await drainAllJobs();
    const stats = await statsOf(shop);
    expect(stats.totalOrders).toBe(1);
    expect(stats.products.has("4")).toBe(false);
    expect(Object.fromEntries(stats.pairs)).toEqual({ "1:2": 1, "1:3": 1, "2:3": 1 });
    // Shrinking the order under the cap brings it in.
    await queueDelivery(shop, "orders/updated", orderJson(order(1, [1, 4], { updatedAt: minutes(3) })));
    await drainAllJobs();
    expect((await statsOf(shop)).pairs.get("1:4")).toBe(1);
  });

  it("another shop's orders never touch this shop's statistics", async () => {
    const shop = await newShop();
    const other = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2])));
    await queueDelivery(other, "orders/create", orderJson(order(1, [1, 2, 3]))); // same order and product ids
    await queueDelivery(other, "orders/create", orderJson(order(2, [1, 2])));
    await drainAllJobs();
    await queueDelivery(other, "orders/delete", { id: 1 });
    await drainAllJobs();
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:2": 1 });
    expect(Object.fromEntries((await statsOf(other)).pairs)).toEqual({ "1:2": 1 });
    expect((await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop, id: 1n } } })).counted).toBe(true);
    await rebuildPairStats(other);
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:2": 1 });
  });
});

/** A random stream of order events over many orders: creates, edits, refunds, cancels, deletes. */
function randomStream(seed: number, orders: number, products: number) {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const events: {
    topic: "orders/create" | "orders/updated" | "orders/cancelled" | "orders/delete" | "refunds/create";
    body: unknown;
  }[] = [];
  for (let id = 1; id <= orders; id++) {
    const createdAt = new Date(T0.getTime() - pick(120) * 86_400_000);
    let minute = 1;
    const at = () => new Date(createdAt.getTime() + minute++ * 60_000);
    const basket = () => [...new Set(Array.from({ length: 1 + pick(6) }, () => 1 + pick(products)))];
    let spec: OrderSpec = order(id, basket(), { createdAt, updatedAt: at(), test: random() < 0.05 });
    events.push({ topic: "orders/create", body: orderJson(spec) });
    if (random() < 0.4) {
      spec = { ...spec, lines: [...spec.lines, { id: id * 100 + 50, productId: 1 + pick(products) }], updatedAt: at() };
      events.push({ topic: "orders/updated", body: orderJson(spec) });
    }
    if (random() < 0.25 && spec.lines.length > 0) {
      const refund = { id: id * 1000 + 1, lines: [{ lineItemId: spec.lines[0].id, quantity: 1 }] };
      events.push({ topic: "refunds/create", body: refundJson(id, refund) });
      spec = { ...spec, refunds: [refund], financialStatus: "partially_refunded", updatedAt: at() };
      events.push({ topic: "orders/updated", body: orderJson(spec) });
    }
    if (random() < 0.1) {
      spec = { ...spec, cancelledAt: at(), updatedAt: at() };
      events.push({ topic: "orders/cancelled", body: orderJson(spec) });
    }
    if (random() < 0.08) events.push({ topic: "orders/delete", body: { id } });
  }
  return events;
}

describe("incremental statistics = full rebuild", () => {
  for (const halfLifeDays of [null, 30]) {
    it(`after a random stream (half-life ${halfLifeDays ?? "none"}), rebuilding finds nothing to change`, async () => {
      const shop = await newShop({ halfLifeDays, maxBasketSize: 5 });
      const events = randomStream(halfLifeDays ?? 1, 120, 15);
      for (let i = 0; i < events.length; i++) {
        await queueDelivery(shop, events[i].topic, events[i].body);
        if (i % 17 === 0) await drainAllJobs();
      }
      await drainAllJobs();
      const incremental = await statsOf(shop);
      expect(incremental.pairs.size).toBeGreaterThan(20);

      const rebuilt = await rebuildPairStats(shop);
      expect(rebuilt.written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
      expect(rebuilt.totalOrders).toBeCloseTo(incremental.totalOrders, 9);

      // And from nothing: the same rows.
      await deleteStoredPairs(shop);
      await prisma.productStat.deleteMany({ where: { shop } });
      const fromScratch = await rebuildPairStats(shop);
      expect(fromScratch.written.inserted).toBe(incremental.pairs.size + incremental.products.size);
      expectSameStats(await statsOf(shop), incremental, expect);

      // And the in-memory accumulator over the counted orders agrees (the rebuild's own check).
      const counted = await prisma.order.findMany({ where: { shop, counted: true }, include: { lines: true } });
      const state = await prisma.recommenderState.findUniqueOrThrow({ where: { shop } });
      const reference = new PairCounts({ maxBasketItems: 5 });
      for (const row of counted) {
        const items = row.lines
          .filter((l) => l.productId !== null && l.quantity > l.refundedQuantity)
          .map((l) => Number(l.productId));
        const weight =
          halfLifeDays === null
            ? 1
            : Math.pow(2, (row.processedAt.getTime() - state.decayAnchorAt.getTime()) / (halfLifeDays * 86_400_000));
        reference.add(items, weight);
      }
      expect(reference.totalOrders).toBeCloseTo(incremental.totalOrders, 9);
      for (const [key, value] of incremental.pairs) {
        const [a, b] = key.split(":").map(Number);
        expect(value).toBeCloseTo(reference.pairCount(a, b), 9);
      }
    });
  }

  it("concurrent ingest jobs over shared products neither deadlock nor lose counts", async () => {
    const shop = await newShop();
    const random = seededRandom(3);
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    for (const id of ids) {
      const products = [...new Set(Array.from({ length: 6 }, () => 1 + Math.floor(random() * 8)))];
      await queueDelivery(shop, "orders/create", orderJson(order(id, products)));
    }
    // Eight at a time, each in its own transaction, all touching the same few product and pair rows.
    for (let start = 0; start < ids.length; start += 8) {
      await Promise.all(ids.slice(start, start + 8).map((id) => ingestOrder(shop, BigInt(id))));
    }
    const incremental = await statsOf(shop);
    const rebuilt = await rebuildPairStats(shop);
    expect(rebuilt.written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(incremental.totalOrders).toBe(40);
    await drainAllJobs();
  });
});

describe("post-purchase email", () => {
  it("is scheduled once, when an order is first stored", async () => {
    const shop = await newShop();
    await prisma.shopSettings.update({ where: { shop }, data: { emailEnabled: true, emailDelayHours: 1 } });
    const recent = new Date(Date.now() - 60_000);
    const spec = order(1, [1, 2], { createdAt: recent, updatedAt: recent });
    await queueDelivery(shop, "orders/create", orderJson(spec));
    await queueDelivery(shop, "orders/updated", orderJson({ ...spec, updatedAt: new Date(recent.getTime() + 1000) }));
    await queueDelivery(
      shop,
      "orders/create",
      orderJson(order(2, [1], { createdAt: recent, updatedAt: recent, test: true })),
    );
    await drainDueJobs();
    const sends = await prisma.emailSend.findMany({ where: { shop } });
    expect(sends.map((send) => [send.orderId, send.customerId, send.status])).toEqual([[1n, 501n, "SCHEDULED"]]);
    // The send job is due in an hour; it is not this file's business (the email tests cover it).
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE payload->>'shop' = ${shop}`;
  });
});

describe("units refunded or removed, as a version reports them", () => {
  it("a version's own count (current_quantity) and the refunds that explain it are not counted twice", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2, 3])));
    await drainAllJobs();
    // A later version (as a backfill reads it: no refund records) says line 101 (product 2) is gone.
    const edited = order(1, [1, 2, 3], { updatedAt: minutes(5) });
    edited.lines[1].currentQuantity = 0;
    await queueDelivery(shop, "orders/updated", orderJson(edited));
    await drainAllJobs();
    const lineOf = async () =>
      (await prisma.orderLine.findUniqueOrThrow({ where: { shop_id: { shop, id: 101n } } })).refundedQuantity;
    expect(await lineOf()).toBe(1);
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:3": 1 });
    // Then the refund record of that same unit arrives: still one unit gone, the statistics unchanged.
    await queueDelivery(shop, "refunds/create", refundJson(1, { id: 900, lines: [{ lineItemId: 101, quantity: 1 }] }));
    await drainAllJobs();
    expect(await lineOf()).toBe(1);
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:3": 1 });
    expect((await rebuildPairStats(shop)).written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it("takes whichever is larger: refunds beyond what an older version reported still count", async () => {
    const shop = await newShop();
    const first = order(1, [1, 2]);
    first.lines[0].quantity = 3;
    first.lines[0].currentQuantity = 2; // one unit of product 1 already gone
    await queueDelivery(shop, "orders/create", orderJson(first));
    await queueDelivery(shop, "refunds/create", refundJson(1, { id: 901, lines: [{ lineItemId: 100, quantity: 1 }] }));
    await queueDelivery(shop, "refunds/create", refundJson(1, { id: 902, lines: [{ lineItemId: 100, quantity: 2 }] }));
    await drainAllJobs();
    const line = await prisma.orderLine.findUniqueOrThrow({ where: { shop_id: { shop, id: 100n } } });
    expect(line.refundedQuantity).toBe(3);
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({});
  });
});

describe("customers/redact", () => {
  it("also unlinks order deliveries still waiting to be ingested", async () => {
    const { redactCustomer } = await import("../privacy/customer-privacy.server");
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2], { customerId: 77, visitorId: "v-1" })));
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 2], { customerId: 88, visitorId: "v-2" })));
    await queueDelivery(shop, "orders/create", orderJson(order(3, [1, 2], { customerId: 99, visitorId: "v-3" })));
    await redactCustomer(shop, 77n, [3n]);
    await drainAllJobs();
    const orders = await prisma.order.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(orders.map((o) => [o.id, o.customerId, o.visitorId])).toEqual([
      [1n, null, null],
      [2n, 88n, "v-2"],
      [3n, null, null],
    ]);
    expect((await statsOf(shop)).pairs.get("1:2")).toBe(3); // the statistics keep the anonymous baskets
  });

  it("keeps the customer unlinked when an order version arrives after the redaction", async () => {
    const { redactCustomer } = await import("../privacy/customer-privacy.server");
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2], { customerId: 77, visitorId: "v-1" })));
    await drainAllJobs();
    await redactCustomer(shop, 77n, [1n]);
    // An edit of the same order, and a new order of that customer, delivered afterwards.
    await queueDelivery(
      shop,
      "orders/updated",
      orderJson(order(1, [1, 2, 3], { customerId: 77, visitorId: "v-1", updatedAt: minutes(5) })),
    );
    await queueDelivery(
      shop,
      "orders/create",
      orderJson(order(2, [2, 3], { customerId: 77, visitorId: "v-9", updatedAt: minutes(6) })),
    );
    await queueDelivery(shop, "orders/create", orderJson(order(3, [2, 3], { customerId: 88, visitorId: "v-3" })));
    await drainAllJobs();
    const orders = await prisma.order.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(orders.map((o) => [o.id, o.customerId, o.visitorId])).toEqual([
      [1n, null, null],
      [2n, null, null],
      [3n, 88n, "v-3"],
    ]);
    expect(await prisma.emailSend.count({ where: { shop, customerId: 77n } })).toBe(0);
    expect((await statsOf(shop)).pairs.get("2:3")).toBe(3); // the baskets still count, anonymously
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE payload->>'shop' = ${shop}`;
  });
});

describe("drift", () => {
  it("a count pushed below zero queues a rebuild that puts the statistics right", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2])));
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 3])));
    await drainAllJobs();
    // Something outside the ingest path lost a pair (a bad manual fix, say).
    await forgetStoredPair(shop, 1n, 2n);
    await queueDelivery(
      shop,
      "orders/cancelled",
      orderJson(order(1, [1, 2], { updatedAt: minutes(4), cancelledAt: minutes(4) })),
    );
    expect((await prisma.recommenderState.findUniqueOrThrow({ where: { shop } })).rebuiltAt).toBeNull();
    await drainDueJobs(); // the ingest finds the count below zero and queues the rebuild, which runs too
    expect((await prisma.recommenderState.findUniqueOrThrow({ where: { shop } })).rebuiltAt).not.toBeNull();
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:3": 1 });
    expect((await rebuildPairStats(shop)).written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });
});

describe("erasure", () => {
  it("erasing a shop deletes its pair statistics, both layers, and nothing of another shop", async () => {
    const { eraseShop } = await import("../shops/shop.server");
    const shop = await newShop();
    const other = await newShop();
    for (const s of [shop, other]) await queueDelivery(s, "orders/create", orderJson(order(1, [1, 2, 3])));
    await drainAllJobs();
    await rebuildPairStats(shop); // base blocks (foreign key, cascade)
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 4]))); // and a delta row (trigger on shops)
    await drainDueJobs();
    expect(await prisma.pairBlock.count({ where: { shop } })).toBeGreaterThan(0);
    expect(await prisma.pairStat.count({ where: { shop } })).toBeGreaterThan(0);
    await eraseShop(shop);
    expect(await prisma.pairStat.count({ where: { shop } })).toBe(0);
    expect(await prisma.pairBlock.count({ where: { shop } })).toBe(0);
    expect(await prisma.productStat.count({ where: { shop } })).toBe(0);
    expect(await prisma.webhookInbox.count({ where: { shop } })).toBe(0);
    expect((await storedPairCounts(other)).a.length).toBe(3);
  });
});
