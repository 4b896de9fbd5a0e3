// The two layers of the stored pair counts (docs/decisions/010): the base blocks a rebuild or a
// compaction writes, and the delta rows ingestion writes, which may be negative.
import { describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { ensureShop } from "../../shops/shop.server";
import { ingestOrder } from "../../ingest/order.server";
import { rebuildPairStats } from "./pair-stats.server";
import { refreshNeighbours } from "./neighbours.server";
import { compactPairDeltas, storedPairCount } from "./pair-storage.server";
import { seededRandom } from "../core/synthetic-baskets";
import { drainAllJobs, drainDueJobs } from "../../../tests/support/jobs";
import { queueDelivery, statsOf } from "../../../tests/support/order-events";
import { orderJson, type OrderSpec } from "../../../tests/support/shopify-orders";
import { uniqueShop } from "../../../tests/support/shops";

const T0 = new Date("2026-10-01T12:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function newShop() {
  const shop = uniqueShop();
  await ensureShop(shop);
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

const cancelled = (id: number, products: number[]) =>
  orderJson(order(id, products, { updatedAt: minutes(5), cancelledAt: minutes(5) }));

async function layers(shop: string) {
  const blocks = await prisma.pairBlock.findMany({ where: { shop }, orderBy: { productA: "asc" } });
  const deltas = await prisma.pairStat.findMany({
    where: { shop },
    orderBy: [{ productA: "asc" }, { productB: "asc" }],
  });
  return {
    blocks: Object.fromEntries(
      blocks.map((row) => [String(row.productA), row.partners.map((b, i) => `${b}:${row.together[i]}`).join(" ")]),
    ),
    deltas: Object.fromEntries(deltas.map((row) => [`${row.productA}:${row.productB}`, row.together])),
  };
}

describe("pair blocks and delta rows", () => {
  it("a rebuild writes one block per product and no delta rows; the pairs read back merged", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2, 3])));
    await queueDelivery(shop, "orders/create", orderJson(order(2, [2, 1])));
    await drainDueJobs();
    const rebuilt = await rebuildPairStats(shop);
    expect(rebuilt.written).toEqual({ inserted: 0, updated: 0, deleted: 0 }); // the deltas were already right
    expect(rebuilt.storage).toEqual({ blocksWritten: 2, blocksDeleted: 0, deltasFolded: 3 });
    expect(await layers(shop)).toEqual({ blocks: { "1": "2:2 3:1", "2": "3:1" }, deltas: {} });
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual({ "1:2": 2, "1:3": 1, "2:3": 1 });
    expect(await storedPairCount(prisma, shop)).toBe(3);
    // Current and compacted: the next rebuild writes nothing at all.
    expect((await rebuildPairStats(shop)).storage).toEqual({ blocksWritten: 0, blocksDeleted: 0, deltasFolded: 0 });
  });

  it("negative delta rows take pairs out of the base; compaction folds them in; the rebuild agrees", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2, 3])));
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 2])));
    await drainDueJobs();
    await rebuildPairStats(shop);

    await queueDelivery(shop, "orders/cancelled", cancelled(2, [1, 2]));
    await queueDelivery(shop, "orders/create", orderJson(order(3, [2, 3, 4])));
    await drainDueJobs();
    expect((await layers(shop)).deltas).toEqual({ "1:2": -1, "2:3": 1, "2:4": 1, "3:4": 1 });
    const merged = { "1:2": 1, "1:3": 1, "2:3": 2, "2:4": 1, "3:4": 1 };
    expect(Object.fromEntries((await statsOf(shop)).pairs)).toEqual(merged);
    expect(await storedPairCount(prisma, shop)).toBe(5);
    expect(
      await prisma.$queryRaw`SELECT together FROM pair_counts WHERE shop = ${shop} AND product_a = 2 AND product_b = 3`,
    ).toEqual([{ together: 2 }]);

    // Order 1 cancelled too: (1, 2) and (1, 3) fall to zero, so product 1's block goes.
    await queueDelivery(shop, "orders/cancelled", cancelled(1, [1, 2, 3]));
    await drainDueJobs();
    expect((await layers(shop)).deltas).toEqual({ "1:2": -2, "1:3": -1, "2:4": 1, "3:4": 1 }); // (2, 3) is back at its base
    const compaction = await compactPairDeltas(shop);
    expect(compaction).toMatchObject({ folded: 4, drift: false });
    expect(await layers(shop)).toEqual({ blocks: { "2": "3:1 4:1", "3": "4:1" }, deltas: {} });

    const incremental = await statsOf(shop);
    const rebuilt = await rebuildPairStats(shop);
    expect(rebuilt.written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(rebuilt.storage).toEqual({ blocksWritten: 0, blocksDeleted: 0, deltasFolded: 0 });
    expect(await statsOf(shop)).toEqual(incremental);
  });

  it("a delta row that returns to zero is deleted: the count is its base value again", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2])));
    await drainDueJobs();
    await rebuildPairStats(shop);
    await queueDelivery(shop, "orders/create", orderJson(order(2, [1, 2])));
    await drainDueJobs();
    expect((await layers(shop)).deltas).toEqual({ "1:2": 1 });
    await queueDelivery(shop, "orders/delete", { id: 2 });
    await drainDueJobs();
    expect(await layers(shop)).toEqual({ blocks: { "1": "2:1" }, deltas: {} });
  });

  it("compactions running alongside concurrent ingest jobs lose no count and end equal to a rebuild", async () => {
    const shop = await newShop();
    const random = seededRandom(11);
    const basket = () => [...new Set(Array.from({ length: 5 }, () => 1 + Math.floor(random() * 8)))];
    for (let id = 1; id <= 24; id++) await queueDelivery(shop, "orders/create", orderJson(order(id, basket())));
    for (let id = 1; id <= 8; id++) await ingestOrder(shop, BigInt(id));
    await rebuildPairStats(shop);
    // Cancel some counted orders and add new ones, eight jobs at a time, with compactions in between.
    for (let id = 1; id <= 8; id += 2) await queueDelivery(shop, "orders/cancelled", cancelled(id, [1]));
    const ids = [1, 3, 5, 7, ...Array.from({ length: 16 }, (_, i) => 9 + i)];
    for (let start = 0; start < ids.length; start += 5) {
      await Promise.all([
        ...ids.slice(start, start + 5).map((id) => ingestOrder(shop, BigInt(id))),
        compactPairDeltas(shop),
        compactPairDeltas(shop),
      ]);
    }
    const beforeLast = await statsOf(shop);
    await compactPairDeltas(shop);
    expect(await statsOf(shop)).toEqual(beforeLast);
    expect(await prisma.pairStat.count({ where: { shop } })).toBe(0);
    const rebuilt = await rebuildPairStats(shop);
    expect(rebuilt.written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(rebuilt.storage.blocksWritten).toBe(0);
    await drainAllJobs();
  });

  it("the neighbour refresh compacts first, and reports drift found there as stale", async () => {
    const shop = await newShop();
    await queueDelivery(shop, "orders/create", orderJson(order(1, [1, 2, 3])));
    await drainDueJobs();
    const refreshed = await refreshNeighbours(shop);
    expect(refreshed.compaction?.folded).toBe(3);
    expect(await prisma.pairStat.count({ where: { shop } })).toBe(0);
    // A negative delta row for a pair the base does not hold (written outside the ingest path).
    await prisma.pairStat.create({ data: { shop, productA: 5n, productB: 6n, together: -1 } });
    expect(await refreshNeighbours(shop)).toMatchObject({ status: "stale", reason: "pair counts below zero" });
  });
});
