// Stored neighbour lists and serving, checked against the pure recommender on the same baskets.
import { describe, expect, it, vi } from "vitest";
import prisma from "../../db.server";
import { DAY_MS } from "../core/basket-delta";
import { PairCounts, halfLifeWeight } from "../core/pair-counts";
import {
  APP_RELEVANCE,
  buildSimilarityIndex,
  neighbourLists,
  recommendForCart,
  recommendForItem,
} from "../core/recommend";
import { syntheticBaskets } from "../core/synthetic-baskets";
import { NEIGHBOURS_PER_PRODUCT } from "../core/neighbour-lists";
import { refreshNeighbours, type StoredNeighbour } from "./neighbours.server";
import { rebuildPairStats, rebuildRecommendations } from "./pair-stats.server";
import { storedPairCount } from "./pair-storage.server";
import { storefrontSqlPool } from "../../db/sql-pool.server";
import { forgetCatalog, neighboursForCart, neighboursForProduct } from "./recommendations.server";
import { ensureShop } from "../../shops/shop.server";
import { refreshNeighboursTask } from "../../jobs/tasks/refresh-neighbours.server";
import { drainAllJobs, drainDueJobs } from "../../../tests/support/jobs";
import { queueDelivery } from "../../../tests/support/order-events";
import { orderJson } from "../../../tests/support/shopify-orders";
import { uniqueShop } from "../../../tests/support/shops";

const NOW = new Date("2026-11-01T00:00:00Z");

async function seedShop(
  baskets: number[][],
  options: { ages?: (i: number) => number; settings?: Parameters<typeof prisma.shopSettings.update>[0]["data"] } = {},
) {
  const shop = uniqueShop();
  await ensureShop(shop);
  if (options.settings) await prisma.shopSettings.update({ where: { shop }, data: options.settings });
  const ageOf = options.ages ?? (() => 1);
  await prisma.order.createMany({
    data: baskets.map((_, i) => {
      const at = new Date(NOW.getTime() - ageOf(i) * DAY_MS);
      return {
        shop,
        id: BigInt(i + 1),
        name: `#${i + 1}`,
        currencyCode: "USD",
        subtotalPrice: "1",
        totalPrice: "1",
        processedAt: at,
        sourceUpdatedAt: at,
        counted: true,
      };
    }),
  });
  let lineId = 1;
  await prisma.orderLine.createMany({
    data: baskets.flatMap((basket, i) =>
      basket.map((productId) => ({
        shop,
        id: BigInt(lineId++),
        orderId: BigInt(i + 1),
        productId: BigInt(productId),
        quantity: 1,
        price: "1",
      })),
    ),
  });
  return shop;
}

function pureIndex(
  baskets: number[][],
  weights?: (i: number) => number,
  similarity: Parameters<typeof buildSimilarityIndex>[1] = "blend",
  minPairCount = 2,
) {
  const counts = new PairCounts();
  baskets.forEach((basket, i) => counts.add(basket, weights ? weights(i) : 1));
  return buildSimilarityIndex(counts.toModel(), similarity, { minPairCount, minSupport: minPairCount });
}

async function storedLists(shop: string) {
  const rows = await prisma.productStat.findMany({ where: { shop }, orderBy: { productId: "asc" } });
  return new Map(rows.map((row) => [Number(row.productId), row.neighbours as unknown as StoredNeighbour[]]));
}

const baskets = syntheticBaskets({
  seed: 4,
  products: 40,
  orders: 1500,
  complementGroups: 8,
  groupShare: 0.5,
  meanExtraItems: 1.5,
  zipfExponent: 1,
}).orders;

describe("stored neighbour lists", () => {
  it("are exactly the pure recommender's top lists (ids, scores and explanations)", async () => {
    const shop = await seedShop(baskets);
    const result = await rebuildRecommendations(prisma, shop);
    expect(result.stats.orders).toBe(1500);
    expect(result.neighbours.status).toBe("refreshed");
    const stored = await storedLists(shop);
    const expected = neighbourLists(pureIndex(baskets), { topN: NEIGHBOURS_PER_PRODUCT });
    expect(stored.size).toBe(expected.length);
    for (const list of expected) {
      const entries = stored.get(list.id)!;
      expect(entries.map((entry) => entry.id)).toEqual(list.neighbours.map((n) => String(n.id)));
      list.neighbours.forEach((n, i) => {
        expect(entries[i].score).toBeCloseTo(n.score, 12);
        expect(entries[i]).toMatchObject({ source: "history", together: n.explanation.ordersTogether });
        expect(entries[i].lift).toBeCloseTo(n.explanation.lift, 12);
        expect(entries[i].confidence).toBeCloseTo(n.explanation.confidence, 12);
      });
    }
    expect([...stored.values()].some((entries) => entries.length === NEIGHBOURS_PER_PRODUCT)).toBe(true);
  });

  it("use the shop's similarity and minimum support", async () => {
    const shop = await seedShop(baskets, { settings: { similarity: "cosine", minSupport: 4 } });
    await rebuildRecommendations(shop);
    const stored = await storedLists(shop);
    const expected = neighbourLists(pureIndex(baskets, undefined, "cosine", 4), { topN: NEIGHBOURS_PER_PRODUCT });
    for (const list of expected)
      expect(stored.get(list.id)!.map((e) => e.id)).toEqual(list.neighbours.map((n) => String(n.id)));
    expect([...stored.values()].flat().every((entry) => entry.together >= 4)).toBe(true);
    expect((await prisma.recommenderState.findUniqueOrThrow({ where: { shop } })).similarity).toBe("cosine");
  });

  it("with a half-life, score the counts decayed to the refresh time (SAR weights), whatever the anchor", async () => {
    const ages = (i: number) => (i * 7) % 180;
    const shop = await seedShop(baskets, { ages, settings: { halfLifeDays: 30 } });
    const anchor = new Date(NOW.getTime() - 45 * DAY_MS); // any anchor gives the same lists
    await rebuildPairStats(shop, { anchor, now: NOW });
    await refreshNeighbours(shop, { now: NOW });
    const stored = await storedLists(shop);
    const expected = neighbourLists(
      pureIndex(baskets, (i) => halfLifeWeight(ages(i), 30)),
      { topN: NEIGHBOURS_PER_PRODUCT },
    );
    for (const list of expected) {
      const entries = stored.get(list.id) ?? [];
      expect(entries.map((e) => e.id)).toEqual(list.neighbours.map((n) => String(n.id)));
      list.neighbours.forEach((n, i) => {
        expect(entries[i].score).toBeCloseTo(n.score, 9);
        expect(entries[i].together).toBeCloseTo(n.explanation.ordersTogether, 9);
      });
    }
  });

  it("leave deleted products out", async () => {
    const shop = await seedShop(baskets);
    await rebuildRecommendations(shop);
    const before = await storedLists(shop);
    const victim = Number(before.get(1)![0].id);
    await prisma.product.create({
      data: { shop, id: BigInt(victim), title: "Gone", handle: "gone", sourceUpdatedAt: NOW, deletedAt: NOW },
    });
    await refreshNeighbours(shop);
    const after = await storedLists(shop);
    expect([...after.values()].flat().some((entry) => Number(entry.id) === victim)).toBe(false);
    expect(after.get(victim)!.length).toBeGreaterThan(0); // its own list stays (it may be in a cart)
  });

  it("are refreshed by one debounced job after order deltas; changed settings turn the refresh into a rebuild", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const T = new Date("2026-10-01T00:00:00Z");
    for (let id = 1; id <= 6; id++) {
      await queueDelivery(
        shop,
        "orders/create",
        orderJson({
          id,
          lines: [
            { id: id * 10, productId: 1 },
            { id: id * 10 + 1, productId: 2 },
          ],
          createdAt: T,
          updatedAt: T,
        }),
      );
    }
    await drainDueJobs(); // runs the ingest jobs, not the delayed refresh
    const pending = await prisma.$queryRaw<{ key: string; due: boolean }[]>`
      SELECT key, run_at > now() AS due FROM graphile_worker._private_jobs WHERE payload->>'shop' = ${shop}`;
    expect(pending).toEqual([{ key: `refresh-neighbours:${shop}`, due: true }]);
    await drainAllJobs();
    expect((await storedLists(shop)).get(1)!.map((e) => e.id)).toEqual(["2"]);

    await prisma.shopSettings.update({ where: { shop }, data: { maxBasketSize: 1 } });
    expect((await refreshNeighbours(shop)).status).toBe("stale");
    await refreshNeighboursTask({ shop });
    expect(await storedPairCount(prisma, shop)).toBe(0); // two-product orders are now over the cap
    expect((await prisma.recommenderState.findUniqueOrThrow({ where: { shop } })).maxBasketSize).toBe(1);
  });
});

describe("serving", () => {
  it("a product's neighbours are the recommender's, with explanations", async () => {
    const shop = await seedShop(baskets);
    await rebuildRecommendations(shop);
    const index = pureIndex(baskets);
    for (const product of [1, 2, 7, 20]) {
      const served = await neighboursForProduct(shop, BigInt(product), 5);
      const expected = recommendForItem(index, product, { k: 5 });
      expect(served.map((s) => s.id)).toEqual(expected.map((r) => String(r.id)));
      served.forEach((s, i) => {
        expect(s.score).toBeCloseTo(expected[i].score, 12);
        expect(s).toMatchObject({ source: "history", pinned: false, together: expected[i].explanation.ordersTogether });
        expect(s.explanation).toMatchObject({ source: "history", queryItem: product, similarity: "blend" });
        expect(s.explanation.lift).toBeCloseTo(expected[i].explanation.lift, 12);
      });
    }
  });

  it("a cart's neighbours combine the stored lists as recommend.ts combines scores (exact when no list is cut)", async () => {
    // 12 products: no product has more than 11 partners, so the stored top-20 lists are complete.
    const small = syntheticBaskets({
      seed: 8,
      products: 12,
      orders: 600,
      complementGroups: 3,
      groupShare: 0.5,
      meanExtraItems: 1.5,
      zipfExponent: 1,
    }).orders;
    const shop = await seedShop(small);
    await rebuildRecommendations(shop);
    const index = pureIndex(small);
    for (const cart of [
      [1, 2],
      [3, 5, 8],
      [2, 4, 6, 9, 11],
    ]) {
      const served = await neighboursForCart(shop, cart, 6);
      const expected = recommendForCart(index, cart, { k: 6 });
      expect(served.map((s) => s.id)).toEqual(expected.map((r) => String(r.id)));
      served.forEach((s, i) => {
        expect(s.score).toBeCloseTo(expected[i].score, 12);
        expect(s.explanation.queryItem).toBe(expected[i].explanation.queryItem);
        expect(s.explanation.ordersTogether).toBe(expected[i].explanation.ordersTogether);
      });
      expect(served.some((s) => cart.includes(Number(s.id)))).toBe(false);
    }
  });

  it("puts pinned pairs first and never returns a blocked pair, in either direction", async () => {
    const shop = await seedShop(baskets);
    await rebuildRecommendations(shop);
    const plain = await neighboursForCart(shop, [1, 2], 8);
    const [top, second] = [plain[0].id, plain[1].id];
    await prisma.pairOverride.createMany({
      data: [
        { shop, productId: 1n, otherProductId: BigInt(top), mode: "BLOCK" },
        { shop, productId: BigInt(second), otherProductId: 2n, mode: "BLOCK" }, // stored the other way round
        { shop, productId: 2n, otherProductId: 39n, mode: "PIN" },
        { shop, productId: 5n, otherProductId: 38n, mode: "PIN" }, // 5 is not in the cart
        { shop, productId: 1n, otherProductId: 2n, mode: "PIN" }, // pinned to a cart item: not offered
      ],
    });
    const served = await neighboursForCart(shop, [1, 2], 8);
    expect(served[0]).toMatchObject({ id: "39", pinned: true, source: "history" });
    expect(served[0].explanation).toMatchObject({ source: "history", queryItem: 2 });
    expect(served.map((s) => s.id)).not.toContain(top);
    expect(served.map((s) => s.id)).not.toContain(second);
    expect(served.map((s) => s.id)).not.toContain("38");
    expect(served.map((s) => s.id)).not.toContain("2");
    expect(served.slice(1).every((s) => !s.pinned)).toBe(true);
    // Another shop's overrides change nothing here.
    const other = await seedShop(baskets);
    await rebuildRecommendations(other);
    expect((await neighboursForCart(other, [1, 2], 8)).map((s) => s.id)).toEqual(plain.map((s) => s.id));
  });

  it("falls back to catalogue neighbours, marked as such, for products with little history", async () => {
    const shop = await seedShop(
      [
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 3],
      ],
      { settings: { coldStartMinOrders: 5 } },
    );
    const product = (id: number, productType: string, tags: string[], collectionIds: bigint[]) => ({
      shop,
      id: BigInt(id),
      title: `P${id}`,
      handle: `p${id}`,
      productType,
      vendor: "Acme",
      tags,
      collectionIds,
      sourceUpdatedAt: NOW,
    });
    await prisma.product.createMany({
      data: [
        product(1, "Machine", ["espresso"], [1n]),
        product(2, "Tool", ["espresso"], [1n]),
        product(3, "Tool", ["milk"], [2n]),
        product(4, "Tool", ["milk"], [2n]),
        product(5, "Tool", ["milk"], [2n]),
        { ...product(6, "Tool", ["milk"], [2n]), deletedAt: NOW },
      ],
    });
    // A product whose lists are NULL (raw SQL, an old row) scores as one with empty lists.
    await prisma.product.createMany({ data: [product(7, "Lamp", [], [])] });
    await prisma.$executeRaw`UPDATE products SET tags = NULL, collection_ids = NULL WHERE shop = ${shop} AND id = 7`;
    forgetCatalog(shop);
    await rebuildRecommendations(shop);
    // Product 1 (6 orders) is served from history; product 3 (1 order) from the catalogue.
    expect((await neighboursForProduct(shop, 1, 5)).map((s) => [s.id, s.source])).toEqual([["2", "history"]]);
    const cold = await neighboursForProduct(shop, 3, 5);
    expect(cold.map((s) => [s.id, s.source])).toEqual([
      ["4", "catalog"],
      ["5", "catalog"],
      ["2", "catalog"],
    ]);
    expect(cold[0].explanation).toMatchObject({
      source: "catalog",
      similarity: "catalog",
      queryItem: 3,
      matched: { collectionIds: [2], productType: true, vendor: true, tags: ["milk"] },
    });
    // A cart mixes both: history first, then catalogue; cart items excluded.
    const mixed = await neighboursForCart(shop, [1, 3], 5);
    expect(mixed.map((s) => [s.id, s.source])).toEqual([
      ["2", "history"],
      ["4", "catalog"],
      ["5", "catalog"],
    ]);
    expect(await neighboursForProduct(shop, 999, 5)).toEqual([]);
    expect(await neighboursForCart(shop, [], 5)).toEqual([]);

    // Held while the shop's catalog_version is unchanged, however long; after a write elsewhere
    // (no forgetCatalog here, as in another process), read again once the TTL has passed.
    const later = (ms: number) => vi.spyOn(Date, "now").mockReturnValue(Date.now() + ms);
    const reads = vi.spyOn(storefrontSqlPool(), "query");
    const catalogueReads = () =>
      reads.mock.calls.filter(([config]) => (config as { name?: string }).name === "pairwise-cold-start-catalogue")
        .length;
    try {
      later(10 * 60_000);
      const held = await neighboursForProduct(shop, 3, 5);
      expect(catalogueReads()).toBe(0);
      vi.mocked(Date.now).mockRestore();
      await prisma.product.update({ where: { shop_id: { shop, id: 4n } }, data: { status: "ARCHIVED" } });
      expect((await neighboursForProduct(shop, 3, 5)).map((s) => s.id)).toEqual(held.map((s) => s.id)); // within the TTL
      later(61_000);
      expect((await neighboursForProduct(shop, 3, 5)).map((s) => s.id)).toEqual(["5", "2"]);
      expect(catalogueReads()).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe("relevance", () => {
  it("never serves a pair seen together fewer than the app's minimum", async () => {
    const shop = await seedShop([
      [1, 2],
      [1, 3],
      [1, 3],
      [2, 3],
    ]);
    await rebuildRecommendations(shop);
    const lists = await storedLists(shop);
    expect([...lists.values()].flat().every((entry) => entry.together >= APP_RELEVANCE.minPairCount)).toBe(true);
    expect((await neighboursForProduct(shop, 2, 5)).length).toBe(0);
  });
});
