// Pair statistics rebuilt from the orders, with exactly the result incremental upkeep gives:
// counted in memory (app/recommender/core/pair-rows.ts), then compared with what is stored and
// written where it differs (pair-rebuild-writes.server.ts), in one transaction.
import pg from "pg";
import { sqlPool } from "../../db/sql-pool.server";
import { defineStatement, sql } from "../../db/statements.server";
import { inSqlTransaction } from "../../db/sql-tx.server";
import { DAY_MS, decayWeight } from "../core/basket-delta";
import { DEFAULT_MAX_BASKET_ITEMS } from "../core/pair-counts";
import { PairRowCounter } from "../core/pair-rows";
import { ZERO_TOLERANCE } from "../core/pair-table";
import { countedBasketChunks, forEachBasket, ORDERS_PER_CHUNK, secondReader } from "./basket-chunks.server";
import { mergePairLayers } from "./pair-layers";
import {
  pairDifferences,
  writePairBlocks,
  writeProductCounts,
  type StorageWrites,
  type Written,
} from "./pair-rebuild-writes.server";
import { MAX_ANCHOR_AGE_HALF_LIVES, lockShopStats, readPairLayers } from "./pair-storage.server";

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
  /** Product and pair counts that differed from the stored ones (base + delta): zeros when the statistics were current. */
  written: Written;
  /** Rows physically written: base blocks rewritten or deleted, and delta rows folded (deleted). */
  storage: StorageWrites;
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
export async function rebuildPairStats(
  shop: string,
  options: RebuildOptions = {},
  pool: pg.Pool = sqlPool(),
): Promise<RebuildResult> {
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
        (halfLifeDays === null ||
          now.getTime() - previous.anchor_ms <= MAX_ANCHOR_AGE_HALF_LIVES * halfLifeDays * DAY_MS);
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
      await sql.execute(client, WRITE_REBUILT_STATE, [
        shop,
        truth.totalOrders,
        anchorMs,
        halfLifeDays,
        maxBasketSize,
        now.getTime(),
      ]);
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
