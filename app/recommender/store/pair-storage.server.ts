// Where the pair statistics' storage primitives live: the per-shop lock, the parameters the stored
// counts were built with, and the bulk reads of the two pair layers (docs/decisions/010: the
// compacted base in pair_blocks, the deltas in pair_stats) and their compaction. Used by
// pair-stats.server.ts (deltas, rebuild) and neighbours.server.ts (neighbour lists).
import type pg from "pg";
import { readFloat8Array, readInt8Array } from "../../db/pg-binary";
import { sqlPool } from "../../db/sql-pool.server";
import { defineStatement, sql, type Db } from "../../db/statements.server";
import { inSqlTransaction } from "../../db/sql-tx.server";
import { DAY_MS } from "../core/basket-delta";
import { DEFAULT_MAX_BASKET_ITEMS } from "../core/pair-counts";
import { ZERO_TOLERANCE } from "../core/pair-table";
import { mergePairLayers, parsePairBlocks, type MergedPairs, type PairBlocks, type PairColumns } from "./pair-layers";

// ---------------------------------------------------------------------------------------------
// Locks. Incremental deltas of one shop run concurrently (a shared lock; row locks are taken in
// ascending key order, so they cannot deadlock); a rebuild takes the lock exclusively, so it sees
// no half-applied delta and no delta lands on rows it is replacing.

/** Advisory lock namespace of the pair statistics ("PAIR"). */
export const STATS_LOCK = 0x50414952;

const LOCK_STATS = {
  shared: defineStatement(
    "pairwise-stats-lock-shared",
    `SELECT pg_advisory_xact_lock_shared($1::int, hashtext($2))::text`,
  ),
  exclusive: defineStatement(
    "pairwise-stats-lock-exclusive",
    `SELECT pg_advisory_xact_lock($1::int, hashtext($2))::text`,
  ),
};

/** Takes the shop's statistics lock in the caller's transaction (a pg one, or Prisma's). */
export async function lockShopStats(db: Db, shop: string, mode: "shared" | "exclusive"): Promise<void> {
  await sql.query(db, LOCK_STATS[mode], [STATS_LOCK, shop]);
}

// ---------------------------------------------------------------------------------------------
// Parameters the stored counts were built with.

export interface StatsParams {
  anchorMs: number;
  halfLifeDays: number | null;
  maxBasketSize: number;
}

/**
 * Decayed counts are anchored (see basket-delta.ts); the newest orders weigh up to
 * 2^(age of anchor / half-life). Beyond this many half-lives the next refresh rebuilds with a new
 * anchor, which keeps stored magnitudes small enough that removals cancel to well under
 * ZERO_TOLERANCE.
 */
export const MAX_ANCHOR_AGE_HALF_LIVES = 8;

const READ_STATS_PARAMS = defineStatement<{ anchor: Date; half_life_days: number | null; max_basket_size: number }>(
  "pairwise-stats-params",
  `SELECT decay_anchor_at AS anchor, half_life_days, max_basket_size FROM recommender_state WHERE shop = $1`,
  { columns: ["anchor", "half_life_days", "max_basket_size"] },
);

const RECORD_STATS_PARAMS = defineStatement(
  "pairwise-stats-params-record",
  `INSERT INTO recommender_state (shop, decay_anchor_at, half_life_days, max_basket_size)
   SELECT $1, now() AT TIME ZONE 'UTC', s.half_life_days, coalesce(s.max_basket_size, $2::int)
   FROM (SELECT 1) one LEFT JOIN shop_settings s ON s.shop = $1
   ON CONFLICT (shop) DO NOTHING`,
);

/** The shop's stats parameters; the first call records the shop's current settings. */
export async function statsParams(db: Db, shop: string): Promise<StatsParams> {
  let [state] = await sql.query(db, READ_STATS_PARAMS, [shop]);
  if (!state) {
    await sql.execute(db, RECORD_STATS_PARAMS, [shop, DEFAULT_MAX_BASKET_ITEMS]);
    [state] = await sql.query(db, READ_STATS_PARAMS, [shop]);
  }
  return { anchorMs: state.anchor.getTime(), halfLifeDays: state.half_life_days, maxBasketSize: state.max_basket_size };
}

/** Why the stored counts no longer match the shop's settings (null when they do). */
export function rebuildReason(
  params: StatsParams,
  settings: { halfLifeDays: number | null; maxBasketSize: number },
  nowMs: number,
): string | null {
  if (params.halfLifeDays !== settings.halfLifeDays) return "half-life changed";
  if (params.maxBasketSize !== settings.maxBasketSize) return "basket cap changed";
  if (
    params.halfLifeDays !== null &&
    nowMs - params.anchorMs > MAX_ANCHOR_AGE_HALF_LIVES * params.halfLifeDays * DAY_MS
  ) {
    return "decay anchor too old";
  }
  return null;
}

/** Postgres array literal of numbers, passed as one text parameter (cheap for large batches). */
export function arrayLiteral(values: readonly (number | bigint | string)[]): string {
  return `{${values.join(",")}}`;
}

// ---------------------------------------------------------------------------------------------
// The two pair layers. Bulk reads return binary arrays (array_send, see db/pg-binary.ts).

export interface PairLayers {
  base: PairBlocks;
  delta: PairColumns;
}

const READ_PAIR_LAYERS = defineStatement<{
  base: Buffer | null;
  a: Buffer | null;
  b: Buffer | null;
  together: Buffer | null;
}>(
  "pairwise-pair-layers",
  `SELECT (SELECT string_agg(int8send(product_a) || array_send(partners) || array_send(together), ''::bytea ORDER BY product_a)
             FROM pair_blocks WHERE shop = $1) AS base,
          array_send(array_agg(product_a ORDER BY product_a, product_b)) AS a,
          array_send(array_agg(product_b ORDER BY product_a, product_b)) AS b,
          array_send(array_agg(together ORDER BY product_a, product_b)) AS together
   FROM pair_stats WHERE shop = $1`,
  { columns: ["base", "a", "b", "together"] },
);

/** Both layers of the shop's pair counts, as seen by the client's snapshot (use one snapshot for both). */
export async function readPairLayers(client: pg.ClientBase, shop: string): Promise<PairLayers> {
  const [row] = await sql.query(client, READ_PAIR_LAYERS, [shop]);
  return {
    base: parsePairBlocks(row.base),
    delta: { a: readInt8Array(row.a), b: readInt8Array(row.b), together: readFloat8Array(row.together) },
  };
}

/** The shop's pair counts (base + delta), in (a, b) order, from one snapshot. */
export async function storedPairCounts(shop: string, pool: pg.Pool = sqlPool()): Promise<MergedPairs> {
  return inSqlTransaction(
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    async (client) => {
      const { base, delta } = await readPairLayers(client, shop);
      return mergePairLayers(base, delta, ZERO_TOLERANCE);
    },
    pool,
  );
}

const PAIR_COUNT = defineStatement<{ pairs: number }>(
  "pairwise-pair-count",
  `SELECT pairwise_pair_count($1, $2::float8)::int AS pairs`,
  { columns: ["pairs"] },
);

/** How many pairs of the shop have a non-zero count (for status pages; no unnesting of the base). */
export async function storedPairCount(db: Db, shop: string): Promise<number> {
  const [row] = await sql.query(db, PAIR_COUNT, [shop, ZERO_TOLERANCE]);
  return row?.pairs ?? 0;
}

export interface CompactionResult {
  /** Delta rows folded into the base. */
  folded: number;
  /** A merged count was below zero: the counts drifted from the orders and need a rebuild. */
  drift: boolean;
  ms: number;
}

const COMPACT_PAIR_DELTAS = defineStatement<{ folded: number; drift: boolean }>(
  "pairwise-pair-compact",
  `SELECT folded, drift FROM pairwise_compact_pair_deltas($1, $2::float8)`,
  { columns: ["folded", "drift"] },
);

/**
 * Folds the shop's delta rows into its base blocks (SQL function pairwise_compact_pair_deltas,
 * migration 20261124120000) under the shared statistics lock, like a delta: ingestion goes on
 * meanwhile, and a rebuild (exclusive) never overlaps it.
 */
export async function compactPairDeltas(shop: string, pool: pg.Pool = sqlPool()): Promise<CompactionResult> {
  const started = performance.now();
  const { folded, drift } = await inSqlTransaction(
    "BEGIN",
    async (client) => {
      await lockShopStats(client, shop, "shared");
      const [row] = await sql.query(client, COMPACT_PAIR_DELTAS, [shop, ZERO_TOLERANCE]);
      return row;
    },
    pool,
  );
  return { folded, drift, ms: performance.now() - started };
}
