// Pair statistics in Postgres, per shop: product_stats.order_count (orders containing the product),
// pair_stats.together (orders containing both, stored once per pair with product_a < product_b) and
// recommender_state.total_orders. Kept current incrementally, one order's delta at a time, inside
// the transaction that changes the order; rebuildable from the orders with exactly the same result.
// See docs/decisions/006-pair-statistics-storage.md.
import type { PrismaClient } from "@prisma/client";
import defaultPrisma from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { DAY_MS, decayWeight, isEmptyDelta, type CountsDelta } from "../recommender/basket-delta";
import { DEFAULT_MAX_BASKET_ITEMS, PairCounts } from "../recommender/pair-counts";
import { ZERO_TOLERANCE } from "../recommender/pair-table";
import type { CooccurrenceModel } from "../recommender/types";
import { refreshNeighbors, type RefreshResult } from "./neighbors.server";
import {
  MAX_ANCHOR_AGE_HALF_LIVES,
  arrayLiteral,
  lockShopStats,
  storedPairs,
  type Db,
  type Tx,
} from "./stats-store.server";

export { lockShopStats, statsParams, type StatsParams } from "./stats-store.server";

// ---------------------------------------------------------------------------------------------
// Incremental delta.

export interface DeltaResult {
  /** A count went below zero: the stored statistics had drifted from the orders (a rebuild is queued). */
  drift: boolean;
}

/**
 * Applies an order's delta to the shop's counts, in the caller's transaction (the one that changes
 * the order), after lockShopStats(tx, shop, "shared"). Rows are upserted in ascending key order
 * (product_stats, then pair_stats, then the shop's total), the same order in every transaction, so
 * concurrent deltas wait for each other instead of deadlocking. A count that reaches zero
 * (within float rounding) is deleted, as the in-memory accumulator drops it.
 */
export async function applyCountsDelta(tx: Tx, shop: string, delta: CountsDelta): Promise<DeltaResult> {
  if (isEmptyDelta(delta)) return { drift: false };
  // One round trip to a SQL function (migration 20261123130000) whose plans Postgres caches per
  // connection: products, then pairs, each in key order, then the total; zeros deleted.
  const [{ drift }] = await tx.$queryRawUnsafe<{ drift: boolean }[]>(
    `SELECT pairwise_apply_counts_delta($1, $2::text::bigint[], $3::text::float8[], $4::text::bigint[], $5::text::bigint[],
                                        $6::text::float8[], $7::float8, $8::float8) AS drift`,
    shop,
    arrayLiteral(delta.items.map((item) => item.id)),
    arrayLiteral(delta.items.map((item) => item.delta)),
    arrayLiteral(delta.pairs.map((pair) => pair.a)),
    arrayLiteral(delta.pairs.map((pair) => pair.b)),
    arrayLiteral(delta.pairs.map((pair) => pair.delta)),
    delta.totalOrders,
    ZERO_TOLERANCE,
  );
  if (drift) {
    await enqueue("rebuild-recommendations", { shop }, { jobKey: `rebuild-recommendations:${shop}` }, tx);
  }
  return { drift };
}

// ---------------------------------------------------------------------------------------------
// Full rebuild.

export interface CountedBasket {
  processedAtMs: number;
  /** Product ids of the order's lines still held (ascending, may repeat). */
  items: number[];
}

/** Orders per read: bounds memory (one chunk of text at a time) for shops of any size. */
const ORDERS_PER_CHUNK = 25_000;

/**
 * Streams the shop's counted orders' baskets from Postgres in order-id order, each basket's lines
 * in product-id order. One round trip per chunk returns the chunk as compact text ("id:ms;…" for
 * the orders, "id:product,product;…" for their lines), far cheaper to move and parse than a row per
 * line. Each part is a range scan of one table (no join for the planner to get wrong on a table
 * it has no statistics for yet).
 */
export async function* countedBaskets(db: Db, shop: string, ordersPerChunk = ORDERS_PER_CHUNK): AsyncGenerator<CountedBasket[]> {
  let after = "0";
  for (;;) {
    const [chunk] = await db.$queryRawUnsafe<{ last: string | null; orders: string | null; baskets: string | null }[]>(
      `WITH chunk AS MATERIALIZED (
         SELECT id, (extract(epoch FROM processed_at) * 1000)::bigint AS ms FROM orders
         WHERE shop = $1 AND counted AND id > $2::bigint ORDER BY id LIMIT $3
       )
       SELECT (SELECT max(id) FROM chunk)::text AS last,
         (SELECT string_agg(id::text || ':' || ms::text, ';' ORDER BY id) FROM chunk) AS orders,
         (SELECT string_agg(basket, ';' ORDER BY order_id) FROM (
            SELECT order_id, order_id::text || ':' || string_agg(product_id::text, ',' ORDER BY product_id) AS basket
            FROM order_lines
            WHERE shop = $1 AND order_id >= (SELECT min(id) FROM chunk) AND order_id <= (SELECT max(id) FROM chunk)
              AND product_id IS NOT NULL AND quantity > refunded_quantity
            GROUP BY order_id) lines) AS baskets`,
      shop,
      after,
      ordersPerChunk,
    );
    if (!chunk || chunk.last === null || chunk.orders === null) return;
    after = chunk.last;
    yield joinBaskets(chunk.orders, chunk.baskets ?? "");
  }
}

/** Pairs each counted order ("id:ms;…") with its lines ("id:product,…;…"); both lists ascend by id. */
export function joinBaskets(orders: string, baskets: string): CountedBasket[] {
  const lines = baskets === "" ? [] : baskets.split(";");
  const result: CountedBasket[] = [];
  let j = 0;
  for (const entry of orders.split(";")) {
    const colon = entry.indexOf(":");
    const id = Number(entry.slice(0, colon));
    let items: number[] = [];
    for (; j < lines.length; j++) {
      const at = lines[j].indexOf(":");
      const lineOrder = Number(lines[j].slice(0, at));
      if (lineOrder > id) break;
      if (lineOrder === id) {
        items = lines[j].slice(at + 1).split(",").map(Number);
        j++;
        break;
      }
      // lines of an order that does not count (in the id range, not in the chunk): skipped
    }
    result.push({ processedAtMs: Number(entry.slice(colon + 1)), items });
  }
  return result;
}

export interface RebuildOptions {
  /** Decay anchor to build with; by default the current one (a new one when it is too old or the half-life changed). */
  anchor?: Date;
  now?: Date;
}

export interface RebuildResult {
  /** Weighted orders counted (= orders without decay). */
  totalOrders: number;
  orders: number;
  lines: number;
  products: number;
  pairs: number;
  written: { inserted: number; updated: number; deleted: number };
  ms: number;
  /** Reading the orders' lines, counting (accumulator and model), comparing and writing. */
  phases: { readMs: number; countMs: number; writeMs: number };
}

// Rows per INSERT/UPDATE/DELETE statement.
const WRITE_BATCH = 50_000;

/**
 * Recomputes the shop's pair statistics from its counted orders with the pure accumulator
 * (app/recommender/pair-counts.ts) and writes them in one transaction. Only differences are
 * written (new pairs inserted, vanished ones deleted, changed counts updated, all in key order),
 * so rebuilding statistics that the incremental path kept current writes next to nothing.
 */
export async function rebuildPairStats(shop: string, options: RebuildOptions = {}, db: PrismaClient = defaultPrisma): Promise<RebuildResult> {
  const started = performance.now();
  return db.$transaction(
    async (tx) => {
      await lockShopStats(tx, shop, "exclusive");
      const now = options.now ?? new Date();
      const settings = await tx.shopSettings.findUnique({ where: { shop } });
      const halfLifeDays = settings?.halfLifeDays ?? null;
      const maxBasketSize = settings?.maxBasketSize ?? DEFAULT_MAX_BASKET_ITEMS;
      const previous = await tx.recommenderState.findUnique({ where: { shop } });
      // Keep the anchor while it is valid, so counts kept incrementally compare equal and are not rewritten.
      const keepAnchor =
        previous !== null &&
        previous.halfLifeDays === halfLifeDays &&
        (halfLifeDays === null ||
          now.getTime() - previous.decayAnchorAt.getTime() <= MAX_ANCHOR_AGE_HALF_LIVES * halfLifeDays * DAY_MS);
      const anchor = options.anchor ?? (keepAnchor ? previous.decayAnchorAt : now);
      const anchorMs = anchor.getTime();

      const counts = new PairCounts({ maxBasketItems: maxBasketSize });
      let orders = 0;
      let lines = 0;
      let readMs = 0;
      let countMs = 0;
      let mark = performance.now();
      for await (const baskets of countedBaskets(tx, shop)) {
        readMs += performance.now() - mark;
        mark = performance.now();
        for (const basket of baskets) {
          const weight = decayWeight(basket.processedAtMs, anchorMs, halfLifeDays);
          if (weight === 0) continue;
          if (counts.add(basket.items, weight)) orders++;
          lines += basket.items.length;
        }
        countMs += performance.now() - mark;
        mark = performance.now();
      }
      readMs += performance.now() - mark;
      mark = performance.now();
      const model = counts.toModel();
      countMs += performance.now() - mark;
      mark = performance.now();
      const productsWritten = await writeProductCounts(tx, shop, model);
      const pairsWritten = await writePairCounts(tx, shop, model);
      const writeMs = performance.now() - mark;
      const state = { totalOrders: counts.totalOrders, decayAnchorAt: anchor, halfLifeDays, maxBasketSize, rebuiltAt: now };
      await tx.recommenderState.upsert({ where: { shop }, create: { shop, ...state }, update: state });
      return {
        totalOrders: counts.totalOrders,
        orders,
        lines,
        products: model.items.length,
        pairs: counts.distinctPairs,
        written: {
          inserted: productsWritten.inserted + pairsWritten.inserted,
          updated: productsWritten.updated + pairsWritten.updated,
          deleted: productsWritten.deleted + pairsWritten.deleted,
        },
        ms: performance.now() - started,
        phases: { readMs, countMs, writeMs },
      };
    },
    { timeout: 60 * 60_000, maxWait: 5 * 60_000 },
  );
}

/** Same value up to float rounding (sums of the same weights in another order). */
export function sameCount(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

interface Written {
  inserted: number;
  updated: number;
  deleted: number;
}

async function writeProductCounts(tx: Tx, shop: string, model: CooccurrenceModel): Promise<Written> {
  const stored = await tx.$queryRaw<{ ids: string | null; counts: string | null }[]>`
    SELECT string_agg(product_id::text, ',' ORDER BY product_id) AS ids,
           string_agg(order_count::text, ',' ORDER BY product_id) AS counts
    FROM product_stats WHERE shop = ${shop}`;
  const oldIds = stored[0]?.ids ? stored[0].ids.split(",").map(Number) : [];
  const oldCounts = stored[0]?.counts ? stored[0].counts.split(",").map(Number) : [];
  const inserts: [number, number][] = [];
  const updates: [number, number][] = [];
  const deletes: number[] = [];
  let i = 0;
  let j = 0;
  const { items, itemCounts } = model;
  while (i < items.length || j < oldIds.length) {
    if (j >= oldIds.length || (i < items.length && items[i] < oldIds[j])) {
      inserts.push([items[i], itemCounts[i]]);
      i++;
    } else if (i >= items.length || oldIds[j] < items[i]) {
      deletes.push(oldIds[j]);
      j++;
    } else {
      if (!sameCount(itemCounts[i], oldCounts[j])) updates.push([items[i], itemCounts[i]]);
      i++;
      j++;
    }
  }
  for (const batch of batches(deletes)) {
    await tx.$executeRawUnsafe(
      `DELETE FROM product_stats WHERE shop = $1 AND product_id = ANY($2::text::bigint[])`,
      shop,
      arrayLiteral(batch),
    );
  }
  // New rows and changed counts in one ordered upsert; stored neighbour lists are kept.
  for (const batch of batches([...inserts, ...updates].sort((x, y) => x[0] - y[0]))) {
    await tx.$executeRawUnsafe(
      `INSERT INTO product_stats AS s (shop, product_id, order_count, updated_at)
       SELECT $1, d.id, d.count, now() AT TIME ZONE 'UTC'
       FROM unnest($2::text::bigint[], $3::text::float8[]) AS d(id, count) ORDER BY d.id
       ON CONFLICT (shop, product_id) DO UPDATE SET order_count = EXCLUDED.order_count, updated_at = EXCLUDED.updated_at`,
      shop,
      arrayLiteral(batch.map((row) => row[0])),
      arrayLiteral(batch.map((row) => row[1])),
    );
  }
  return { inserted: inserts.length, updated: updates.length, deleted: deletes.length };
}

async function writePairCounts(tx: Tx, shop: string, model: CooccurrenceModel): Promise<Written> {
  const inserts = new PairBatch();
  const updates = new PairBatch();
  const deletes = new PairBatch();
  const { items, rowStart, partners, pairCounts } = model;
  // Walks the model's pairs (a < b) in key order alongside the stored ones.
  let a = 0;
  let j = rowStart[0];
  const advance = () => {
    for (;;) {
      if (a >= items.length) return;
      while (j < rowStart[a + 1] && partners[j] <= a) j++;
      if (j < rowStart[a + 1]) return;
      a++;
      j = rowStart[a];
    }
  };
  advance();
  const flushIfFull = async () => {
    if (inserts.size >= WRITE_BATCH) await inserts.flush((batch) => insertPairs(tx, shop, batch));
    if (updates.size >= WRITE_BATCH) await updates.flush((batch) => updatePairs(tx, shop, batch));
    if (deletes.size >= WRITE_BATCH) await deletes.flush((batch) => deletePairs(tx, shop, batch));
  };
  for await (const stored of storedPairs(tx, shop)) {
    for (let k = 0; k < stored.a.length; k++) {
      const oa = stored.a[k];
      const ob = stored.b[k];
      // New pairs that sort before the stored one.
      while (a < items.length && (items[a] < oa || (items[a] === oa && items[partners[j]] < ob))) {
        inserts.push(items[a], items[partners[j]], pairCounts[j]);
        j++;
        advance();
      }
      if (a < items.length && items[a] === oa && items[partners[j]] === ob) {
        if (!sameCount(pairCounts[j], stored.together[k])) updates.push(oa, ob, pairCounts[j]);
        j++;
        advance();
      } else {
        deletes.push(oa, ob, 0);
      }
    }
    await flushIfFull();
  }
  while (a < items.length) {
    inserts.push(items[a], items[partners[j]], pairCounts[j]);
    j++;
    advance();
    if (inserts.size >= WRITE_BATCH) await inserts.flush((batch) => insertPairs(tx, shop, batch));
  }
  await deletes.flush((batch) => deletePairs(tx, shop, batch));
  await updates.flush((batch) => updatePairs(tx, shop, batch));
  await inserts.flush((batch) => insertPairs(tx, shop, batch));
  return { inserted: inserts.total, updated: updates.total, deleted: deletes.total };
}

class PairBatch {
  a: number[] = [];
  b: number[] = [];
  values: number[] = [];
  total = 0;
  get size() {
    return this.a.length;
  }
  push(a: number, b: number, value: number) {
    this.a.push(a);
    this.b.push(b);
    this.values.push(value);
    this.total++;
  }
  async flush(write: (batch: PairBatch) => Promise<void>) {
    if (this.a.length === 0) return;
    await write(this);
    this.a = [];
    this.b = [];
    this.values = [];
  }
}

async function insertPairs(tx: Tx, shop: string, batch: PairBatch) {
  await tx.$executeRawUnsafe(
    `INSERT INTO pair_stats (shop, product_a, product_b, together)
     SELECT $1, d.a, d.b, d.together FROM unnest($2::text::bigint[], $3::text::bigint[], $4::text::float8[]) AS d(a, b, together)`,
    shop,
    arrayLiteral(batch.a),
    arrayLiteral(batch.b),
    arrayLiteral(batch.values),
  );
}

async function updatePairs(tx: Tx, shop: string, batch: PairBatch) {
  await tx.$executeRawUnsafe(
    `UPDATE pair_stats p SET together = d.together
     FROM unnest($2::text::bigint[], $3::text::bigint[], $4::text::float8[]) AS d(a, b, together)
     WHERE p.shop = $1 AND p.product_a = d.a AND p.product_b = d.b`,
    shop,
    arrayLiteral(batch.a),
    arrayLiteral(batch.b),
    arrayLiteral(batch.values),
  );
}

async function deletePairs(tx: Tx, shop: string, batch: PairBatch) {
  await tx.$executeRawUnsafe(
    `DELETE FROM pair_stats p USING unnest($2::text::bigint[], $3::text::bigint[]) AS d(a, b)
     WHERE p.shop = $1 AND p.product_a = d.a AND p.product_b = d.b`,
    shop,
    arrayLiteral(batch.a),
    arrayLiteral(batch.b),
  );
}

function* batches<T>(rows: readonly T[], size = WRITE_BATCH): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

export interface RebuildRecommendationsResult {
  stats: RebuildResult;
  neighbors: RefreshResult;
}

/**
 * Full rebuild of a shop's recommendations: pair statistics from its orders, then every product's
 * stored neighbour list. For the admin ("rebuild now"), the history backfill and the demo seed.
 */
export async function rebuildRecommendations(shop: string): Promise<RebuildRecommendationsResult>;
export async function rebuildRecommendations(db: PrismaClient | undefined, shop: string): Promise<RebuildRecommendationsResult>;
export async function rebuildRecommendations(
  dbOrShop: PrismaClient | string | undefined,
  maybeShop?: string,
): Promise<RebuildRecommendationsResult> {
  const db = typeof dbOrShop === "string" || dbOrShop === undefined ? defaultPrisma : dbOrShop;
  const shop = typeof dbOrShop === "string" ? dbOrShop : maybeShop;
  if (!shop) throw new TypeError("rebuildRecommendations needs a shop");
  const stats = await rebuildPairStats(shop, {}, db);
  const neighbors = await refreshNeighbors(shop, {}, db);
  return { stats, neighbors };
}
