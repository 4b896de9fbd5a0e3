// Pair statistics in Postgres, per shop: product_stats.order_count (orders containing the product),
// the orders containing both of a pair (stored once per pair, product_a < product_b, as a compacted
// base in pair_blocks plus a delta in pair_stats) and recommender_state.total_orders. Kept current
// incrementally, one order's delta at a time, inside the transaction that changes the order;
// rebuildable from the orders with exactly the same result.
// See docs/decisions/006-pair-statistics-storage.md and 010-pair-blocks-and-deltas.md.
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
import defaultPrisma from "../../db.server";
import { float8ArrayParam, int8ArrayParam, readFloat8Array, readInt8Array } from "../../db/pg-binary";
import { sqlPool, warnConnectionLost } from "../../db/sql-pool.server";
import { defineStatement, sql, type Db } from "../../db/statements.server";
import { inSqlTransaction } from "../../db/sql-tx.server";
import { enqueue } from "../../jobs/queue.server";
import { DAY_MS, decayWeight, isEmptyDelta, type CountsDelta } from "../core/basket-delta";
import { DEFAULT_MAX_BASKET_ITEMS } from "../core/pair-counts";
import { PairRowCounter, type PairRows } from "../core/pair-rows";
import { ZERO_TOLERANCE } from "../core/pair-table";
import { MAX_ITEM_ID } from "../core/types";
import { refreshNeighbors, type RefreshResult } from "./neighbours.server";
import { mergePairLayers, type PairBlocks, type PairColumns } from "./pair-layers";
import {
  MAX_ANCHOR_AGE_HALF_LIVES,
  arrayLiteral,
  lockShopStats,
  readPairLayers,
  type PairLayers,
} from "./pair-storage.server";

export { lockShopStats, statsParams, type StatsParams } from "./pair-storage.server";

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
// One round trip to a SQL function (migration 20261123130000) whose plans Postgres caches per
// connection: products, then pairs, each in key order, then the total; zeros deleted.
const APPLY_COUNTS_DELTA = defineStatement<{ drift: boolean }>(
  "pairwise-stats-apply-delta",
  `SELECT pairwise_apply_counts_delta($1, $2::text::bigint[], $3::text::float8[], $4::text::bigint[], $5::text::bigint[],
                                      $6::text::float8[], $7::float8, $8::float8) AS drift`,
  { columns: ["drift"] },
);

export async function applyCountsDelta(db: Db, shop: string, delta: CountsDelta): Promise<DeltaResult> {
  if (isEmptyDelta(delta)) return { drift: false };
  const [{ drift }] = await sql.query(db, APPLY_COUNTS_DELTA, [
    shop,
    arrayLiteral(delta.items.map((item) => item.id)),
    arrayLiteral(delta.items.map((item) => item.delta)),
    arrayLiteral(delta.pairs.map((pair) => pair.a)),
    arrayLiteral(delta.pairs.map((pair) => pair.b)),
    arrayLiteral(delta.pairs.map((pair) => pair.delta)),
    delta.totalOrders,
    ZERO_TOLERANCE,
  ]);
  if (drift) {
    await enqueue("rebuild-recommendations", { shop }, { jobKey: `rebuild-recommendations:${shop}` }, db);
  }
  return { drift };
}

// ---------------------------------------------------------------------------------------------
// Full rebuild.

/** One round trip's worth of counted orders and their lines. */
export interface BasketChunk {
  /** Counted orders, ascending by id, and their processed_at in ms. */
  orderIds: Float64Array;
  processedMs: Float64Array;
  /** Lines still held of the orders in the chunk's id range, grouped by order (ascending): the order id and product id of each. */
  lineOrders: Float64Array;
  lineProducts: Float64Array;
}

/** Orders per read: bounds memory for shops of any size, and lets Postgres read the next chunk while this one is counted. */
const ORDERS_PER_CHUNK = 25_000;

const CHUNK_BOUNDS = defineStatement<{ id: string }>(
  "pairwise-rebuild-chunk-bounds",
  // Ordered by the bigint (o.id), not by its text form.
  `SELECT o.id::text AS id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM orders WHERE shop = $1 AND counted) o
   WHERE o.n % $2 = 0 ORDER BY o.id`,
  { columns: ["id"] },
);

const READ_CHUNK = defineStatement<{ ids: Buffer | null; ms: Buffer | null; line_orders: Buffer | null; line_products: Buffer | null }>(
  "pairwise-rebuild-chunk",
  `WITH chunk AS MATERIALIZED (
     SELECT id, (extract(epoch FROM processed_at) * 1000)::float8 AS ms FROM orders
     WHERE shop = $1 AND counted AND id > $2::bigint AND id <= $3::bigint ORDER BY id
   )
   SELECT (SELECT array_send(array_agg(id ORDER BY id)) FROM chunk) AS ids,
          (SELECT array_send(array_agg(ms ORDER BY id)) FROM chunk) AS ms,
          array_send(array_agg(l.order_id ORDER BY l.order_id)) AS line_orders,
          array_send(array_agg(l.product_id ORDER BY l.order_id)) AS line_products
   FROM order_lines l
   WHERE l.shop = $1 AND l.order_id >= (SELECT min(id) FROM chunk) AND l.order_id <= (SELECT max(id) FROM chunk)
     AND l.product_id IS NOT NULL AND l.product_id <= ${MAX_ITEM_ID} AND l.quantity > l.refunded_quantity`,
  { columns: ["ids", "ms", "line_orders", "line_products"] },
);

/**
 * Streams the shop's counted orders and their lines in order-id order, as binary arrays
 * (array_send; see db/pg-binary.ts). Each part is a range scan of one table: no join for the
 * planner to get wrong on a table it has no statistics for yet.
 *
 * The chunks' order-id ranges are fixed first (one index-only pass), so chunks can be read ahead:
 * the next one while the caller counts this one, and with a second connection (`readers`), two at
 * a time, one Postgres backend each. Reading, not counting, is the rebuild's longest phase. The
 * readers see the same rows because the caller holds the shop's exclusive statistics lock: no
 * ingest of this shop's orders commits until the rebuild does.
 */
export async function* countedBasketChunks(
  client: pg.ClientBase,
  shop: string,
  ordersPerChunk = ORDERS_PER_CHUNK,
  openReader?: () => Promise<SecondReader>,
): AsyncGenerator<BasketChunk> {
  const bounds = await sql.query(client, CHUNK_BOUNDS, [shop, ordersPerChunk]);
  const ranges: [string, string][] = [];
  let after = "0";
  for (const { id } of bounds) {
    ranges.push([after, id]);
    after = id;
  }
  ranges.push([after, "9223372036854775807"]);
  // A second connection only pays off beyond one chunk.
  const reader = openReader && ranges.length > 1 ? await openReader() : null;
  const connections = reader ? [client, reader.client] : [client];
  const read = async (connection: pg.ClientBase, [from, to]: [string, string]): Promise<BasketChunk> => {
    const [row] = await sql.query(connection, READ_CHUNK, [shop, from, to]);
    return {
      orderIds: readInt8Array(row.ids),
      processedMs: readFloat8Array(row.ms),
      lineOrders: readInt8Array(row.line_orders),
      lineProducts: readInt8Array(row.line_products),
    };
  };
  // Chunk k is read on connection k mod n; each connection has one chunk in flight, plus the
  // caller's, so reading runs ahead of counting by at most one chunk per connection.
  const pending: Promise<BasketChunk>[] = [];
  const start = (k: number) => {
    if (k >= ranges.length) return;
    const chunk = read(connections[k % connections.length], ranges[k]);
    chunk.catch(() => {}); // awaited in turn below; a consumer that stops early must not leave it unhandled
    pending[k] = chunk;
  };
  try {
    for (let k = 0; k < connections.length; k++) start(k);
    for (let k = 0; k < ranges.length; k++) {
      const chunk = await pending[k];
      delete pending[k];
      start(k + connections.length);
      if (chunk.orderIds.length > 0) yield chunk;
    }
  } finally {
    await Promise.allSettled(pending.filter(Boolean));
    await reader?.close();
  }
}

export interface SecondReader {
  client: pg.ClientBase;
  close: () => Promise<void>;
}

/**
 * A connection of its own (not the pool's: rebuilds holding two pooled connections each could
 * exhaust the pool and wait on each other), read-only.
 */
export function secondReader(pool: pg.Pool): () => Promise<SecondReader> {
  return async () => {
    const client = new pg.Client({ connectionString: pool.options.connectionString });
    // A lost connection fails the rebuild's query; unheard, its "error" event would end the process.
    client.on("error", warnConnectionLost);
    await client.connect();
    await client.query("SET default_transaction_read_only = on");
    return { client, close: () => client.end() };
  };
}

/** Calls visit(start, end) with each counted order's run of lines in chunk.lineProducts (empty when it has none). */
export function forEachBasket(chunk: BasketChunk, visit: (order: number, start: number, end: number) => void): void {
  const { orderIds, lineOrders } = chunk;
  let j = 0;
  for (let o = 0; o < orderIds.length; o++) {
    const id = orderIds[o];
    while (j < lineOrders.length && lineOrders[j] < id) j++; // lines of an order in the range that does not count
    const start = j;
    while (j < lineOrders.length && lineOrders[j] === id) j++;
    visit(o, start, j);
  }
}

export interface RebuildOptions {
  /** Decay anchor to build with; by default the current one (a new one when it is too old or the half-life changed). */
  anchor?: Date;
  now?: Date;
}

export interface Written {
  inserted: number;
  updated: number;
  deleted: number;
}

export interface RebuildResult {
  /** Weighted orders counted (= orders without decay). */
  totalOrders: number;
  orders: number;
  lines: number;
  products: number;
  pairs: number;
  /** Product and pair counts that differed from the stored ones (base + delta): zeros when the statistics were current. */
  written: Written;
  /** Rows physically written: base blocks rewritten or deleted, and delta rows folded (deleted). */
  storage: { blocksWritten: number; blocksDeleted: number; deltasFolded: number };
  ms: number;
  /** Reading the orders' lines, counting (accumulator and rows), comparing and writing. */
  phases: { readMs: number; countMs: number; writeMs: number };
}

const REBUILD_SETTINGS = defineStatement<{ half_life_days: number | null; max_basket_size: number }>(
  "pairwise-rebuild-settings",
  `SELECT half_life_days, max_basket_size FROM shop_settings WHERE shop = $1`,
  { columns: ["half_life_days", "max_basket_size"] },
);

const REBUILD_STATE = defineStatement<{ anchor_ms: number; half_life_days: number | null }>(
  "pairwise-rebuild-state",
  `SELECT (extract(epoch FROM decay_anchor_at) * 1000)::float8 AS anchor_ms, half_life_days FROM recommender_state WHERE shop = $1`,
  { columns: ["anchor_ms", "half_life_days"] },
);

const WRITE_REBUILT_STATE = defineStatement(
  "pairwise-rebuild-write-state",
  `INSERT INTO recommender_state (shop, total_orders, decay_anchor_at, half_life_days, max_basket_size, rebuilt_at)
   VALUES ($1, $2, to_timestamp($3::float8 / 1000) AT TIME ZONE 'UTC', $4, $5, to_timestamp($6::float8 / 1000) AT TIME ZONE 'UTC')
   ON CONFLICT (shop) DO UPDATE SET total_orders = EXCLUDED.total_orders, decay_anchor_at = EXCLUDED.decay_anchor_at,
     half_life_days = EXCLUDED.half_life_days, max_basket_size = EXCLUDED.max_basket_size, rebuilt_at = EXCLUDED.rebuilt_at`,
);

/**
 * Recomputes the shop's pair statistics from its counted orders with the pure accumulator
 * (app/recommender/core/pair-rows.ts) and stores them in one transaction, under the exclusive
 * statistics lock: the base blocks whose rows changed are rewritten, blocks of products left
 * without partners are deleted, and the delta layer is cleared (the base now holds the truth).
 * Blocks equal to the truth are not written, so rebuilding compacted, current statistics writes
 * nothing. Runs on the plain pg pool: every bulk value travels as a binary array.
 */
export async function rebuildPairStats(shop: string, options: RebuildOptions = {}, pool: pg.Pool = sqlPool()): Promise<RebuildResult> {
  const started = performance.now();
  return inSqlTransaction(
    "BEGIN",
    async (client) => {
      await lockShopStats(client, shop, "exclusive");
      const now = options.now ?? new Date();
      const [settings] = await sql.query(client, REBUILD_SETTINGS, [shop]);
      const halfLifeDays = settings?.half_life_days ?? null;
      const maxBasketSize = settings?.max_basket_size ?? DEFAULT_MAX_BASKET_ITEMS;
      const [previous] = await sql.query(client, REBUILD_STATE, [shop]);
      // Keep the anchor while it is valid, so counts kept incrementally compare equal and are not rewritten.
      const keepAnchor =
        previous !== undefined &&
        previous.half_life_days === halfLifeDays &&
        (halfLifeDays === null || now.getTime() - previous.anchor_ms <= MAX_ANCHOR_AGE_HALF_LIVES * halfLifeDays * DAY_MS);
      const anchorMs = options.anchor?.getTime() ?? (keepAnchor ? previous.anchor_ms : now.getTime());

      const counter = new PairRowCounter(maxBasketSize);
      let orders = 0;
      let lines = 0;
      let readMs = 0;
      let countMs = 0;
      let mark = performance.now();
      for await (const chunk of countedBasketChunks(client, shop, ORDERS_PER_CHUNK, secondReader(pool))) {
        readMs += performance.now() - mark;
        mark = performance.now();
        const { processedMs, lineProducts } = chunk;
        forEachBasket(chunk, (order, start, end) => {
          const weight = decayWeight(processedMs[order], anchorMs, halfLifeDays);
          if (weight === 0) return;
          if (counter.add(lineProducts, start, end, weight)) orders++;
          lines += end - start;
        });
        countMs += performance.now() - mark;
        mark = performance.now();
      }
      readMs += performance.now() - mark;
      mark = performance.now();
      const truth = counter.rows();
      countMs += performance.now() - mark;
      mark = performance.now();

      const productsWritten = await writeProductCounts(client, shop, truth);
      const stored = await readPairLayers(client, shop);
      const pairsWritten = pairDifferences(truth, mergePairLayers(stored.base, stored.delta, ZERO_TOLERANCE));
      const storage = await writePairBlocks(client, shop, truth, stored);
      await sql.execute(client, WRITE_REBUILT_STATE, [shop, truth.totalOrders, anchorMs, halfLifeDays, maxBasketSize, now.getTime()]);
      const writeMs = performance.now() - mark;
      return {
        totalOrders: truth.totalOrders,
        orders,
        lines,
        products: truth.items.length,
        pairs: truth.partners.length,
        written: {
          inserted: productsWritten.inserted + pairsWritten.inserted,
          updated: productsWritten.updated + pairsWritten.updated,
          deleted: productsWritten.deleted + pairsWritten.deleted,
        },
        storage,
        ms: performance.now() - started,
        phases: { readMs, countMs, writeMs },
      };
    },
    pool,
  );
}

/** Same value up to float rounding (sums of the same weights in another order). */
export function sameCount(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

const READ_PRODUCT_COUNTS = defineStatement<{ ids: Buffer | null; counts: Buffer | null }>(
  "pairwise-rebuild-product-counts",
  `SELECT array_send(array_agg(product_id ORDER BY product_id)) AS ids, array_send(array_agg(order_count ORDER BY product_id)) AS counts
   FROM product_stats WHERE shop = $1`,
  { columns: ["ids", "counts"] },
);

const DELETE_PRODUCT_COUNTS = defineStatement(
  "pairwise-rebuild-delete-product-counts",
  `DELETE FROM product_stats WHERE shop = $1 AND product_id = ANY($2::int8[])`,
);

// New rows and changed counts in one upsert, in key order; stored neighbour lists are kept.
const UPSERT_PRODUCT_COUNTS = defineStatement(
  "pairwise-rebuild-upsert-product-counts",
  `INSERT INTO product_stats AS s (shop, product_id, order_count, updated_at)
   SELECT $1, d.id, d.count, now() AT TIME ZONE 'UTC' FROM unnest($2::int8[], $3::float8[]) AS d(id, count)
   ON CONFLICT (shop, product_id) DO UPDATE SET order_count = EXCLUDED.order_count, updated_at = EXCLUDED.updated_at`,
);

async function writeProductCounts(client: pg.ClientBase, shop: string, truth: PairRows): Promise<Written> {
  const [stored] = await sql.query(client, READ_PRODUCT_COUNTS, [shop]);
  const oldIds = readInt8Array(stored.ids);
  const oldCounts = readFloat8Array(stored.counts);
  const upsertIds: number[] = [];
  const upsertCounts: number[] = [];
  const deletes: number[] = [];
  let inserted = 0;
  let updated = 0;
  let i = 0;
  let j = 0;
  const { items, itemCounts } = truth;
  while (i < items.length || j < oldIds.length) {
    if (j >= oldIds.length || (i < items.length && items[i] < oldIds[j])) {
      upsertIds.push(items[i]);
      upsertCounts.push(itemCounts[i++]);
      inserted++;
    } else if (i >= items.length || oldIds[j] < items[i]) {
      deletes.push(oldIds[j++]);
    } else {
      if (!sameCount(itemCounts[i], oldCounts[j])) {
        upsertIds.push(items[i]);
        upsertCounts.push(itemCounts[i]);
        updated++;
      }
      i++;
      j++;
    }
  }
  if (deletes.length > 0) await sql.execute(client, DELETE_PRODUCT_COUNTS, [shop, int8ArrayParam(deletes)]);
  if (upsertIds.length > 0) {
    await sql.execute(client, UPSERT_PRODUCT_COUNTS, [shop, int8ArrayParam(upsertIds), float8ArrayParam(upsertCounts)]);
  }
  return { inserted, updated, deleted: deletes.length };
}

/** How the truth's pairs differ from the stored (merged) ones: pairs to insert, update and delete. */
function pairDifferences(truth: PairRows, stored: PairColumns): Written {
  const { items, rowStart, partners, together } = truth;
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  let k = 0;
  const size = stored.a.length;
  for (let a = 0; a < items.length; a++) {
    const id = items[a];
    for (let j = rowStart[a]; j < rowStart[a + 1]; j++) {
      const b = items[partners[j]];
      while (k < size && (stored.a[k] < id || (stored.a[k] === id && stored.b[k] < b))) {
        deleted++;
        k++;
      }
      if (k < size && stored.a[k] === id && stored.b[k] === b) {
        if (!sameCount(together[j], stored.together[k])) updated++;
        k++;
      } else inserted++;
    }
  }
  return { inserted, updated, deleted: deleted + (size - k) };
}

/** Base-block elements per INSERT statement (bounds the size of one statement's parameters). */
const BLOCK_ELEMENTS_PER_STATEMENT = 250_000;

// Each block is a slice of two flat binary arrays (one statement, no array literal per row).
const UPSERT_PAIR_BLOCKS = defineStatement(
  "pairwise-rebuild-upsert-pair-blocks",
  `INSERT INTO pair_blocks AS pb (shop, product_a, partners, together)
   SELECT $1, r.a, ($2::int8[])[r.s::int:r.e::int], ($3::float8[])[r.s::int:r.e::int]
   FROM unnest($4::int8[], $5::int8[], $6::int8[]) AS r(a, s, e)
   ON CONFLICT (shop, product_a) DO UPDATE SET partners = EXCLUDED.partners, together = EXCLUDED.together`,
);

const DELETE_PAIR_BLOCKS = defineStatement(
  "pairwise-rebuild-delete-pair-blocks",
  `DELETE FROM pair_blocks WHERE shop = $1 AND product_a = ANY($2::int8[])`,
);

const CLEAR_PAIR_DELTAS = defineStatement("pairwise-rebuild-clear-pair-deltas", `DELETE FROM pair_stats WHERE shop = $1`);

/**
 * Makes the base equal to the truth and empties the delta layer: rewrites the blocks whose row
 * differs from the truth's, deletes blocks of products left without partners, deletes the delta rows.
 */
async function writePairBlocks(client: pg.ClientBase, shop: string, truth: PairRows, stored: PairLayers): Promise<RebuildResult["storage"]> {
  const { items, rowStart, partners, together } = truth;
  const { base } = stored;
  const writes: number[] = []; // row indexes of the truth to write
  const deletes: number[] = [];
  let k = 0;
  const blocks = base.productA.length;
  for (let a = 0; a < items.length; a++) {
    if (rowStart[a] === rowStart[a + 1]) continue; // no partners above this product: no block
    const id = items[a];
    while (k < blocks && base.productA[k] < id) deletes.push(base.productA[k++]);
    if (k < blocks && base.productA[k] === id) {
      if (!sameRow(truth, a, base, k)) writes.push(a);
      k++;
    } else writes.push(a);
  }
  while (k < blocks) deletes.push(base.productA[k++]);

  for (let w = 0; w < writes.length; ) {
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let elements = 0;
    for (; w < writes.length && (elements === 0 || elements + rowStart[writes[w] + 1] - rowStart[writes[w]] <= BLOCK_ELEMENTS_PER_STATEMENT); w++) {
      const a = writes[w];
      ids.push(items[a]);
      starts.push(elements + 1);
      elements += rowStart[a + 1] - rowStart[a];
      ends.push(elements);
    }
    const partnerIds = new Float64Array(elements);
    const values = new Float64Array(elements);
    let at = 0;
    for (let r = 0; r < ids.length; r++) {
      const a = writes[w - ids.length + r];
      for (let j = rowStart[a]; j < rowStart[a + 1]; j++, at++) {
        partnerIds[at] = items[partners[j]];
        values[at] = together[j];
      }
    }
    await sql.execute(client, UPSERT_PAIR_BLOCKS, [
      shop,
      int8ArrayParam(partnerIds),
      float8ArrayParam(values),
      int8ArrayParam(ids),
      int8ArrayParam(starts),
      int8ArrayParam(ends),
    ]);
  }
  if (deletes.length > 0) await sql.execute(client, DELETE_PAIR_BLOCKS, [shop, int8ArrayParam(deletes)]);
  const deltasFolded = stored.delta.a.length;
  if (deltasFolded > 0) await sql.execute(client, CLEAR_PAIR_DELTAS, [shop]);
  return { blocksWritten: writes.length, blocksDeleted: deletes.length, deltasFolded };
}

/** The truth's row a equals stored block k: same partners, same counts up to float rounding. */
function sameRow(truth: PairRows, a: number, base: PairBlocks, k: number): boolean {
  const from = truth.rowStart[a];
  const length = truth.rowStart[a + 1] - from;
  const at = base.rowStart[k];
  if (base.rowStart[k + 1] - at !== length) return false;
  for (let i = 0; i < length; i++) {
    if (truth.items[truth.partners[from + i]] !== base.partners[at + i]) return false;
    if (!sameCount(truth.together[from + i], base.together[at + i])) return false;
  }
  return true;
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
  const stats = await rebuildPairStats(shop);
  const neighbors = await refreshNeighbors(shop, {}, db);
  return { stats, neighbors };
}
