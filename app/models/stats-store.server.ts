// Where the pair statistics' storage primitives live: the per-shop lock, the parameters the stored
// counts were built with, and compact bulk reads and writes. Used by pair-stats.server.ts (deltas,
// rebuild) and neighbors.server.ts (neighbour lists).
import type { Prisma, PrismaClient } from "@prisma/client";
import { DAY_MS } from "../recommender/basket-delta";
import { DEFAULT_MAX_BASKET_ITEMS } from "../recommender/pair-counts";

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;

// ---------------------------------------------------------------------------------------------
// Locks. Incremental deltas of one shop run concurrently (a shared lock; row locks are taken in
// ascending key order, so they cannot deadlock); a rebuild takes the lock exclusively, so it sees
// no half-applied delta and no delta lands on rows it is replacing.

/** Advisory lock namespace of the pair statistics ("PAIR"). */
export const STATS_LOCK = 0x50414952;

export async function lockShopStats(tx: Tx, shop: string, mode: "shared" | "exclusive"): Promise<void> {
  if (mode === "shared") await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(${STATS_LOCK}::int, hashtext(${shop}))::text`;
  else await tx.$queryRaw`SELECT pg_advisory_xact_lock(${STATS_LOCK}::int, hashtext(${shop}))::text`;
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

/** The shop's stats parameters; the first call records the shop's current settings. */
export async function statsParams(tx: Db, shop: string): Promise<StatsParams> {
  let state = await tx.recommenderState.findUnique({ where: { shop } });
  if (!state) {
    const settings = await tx.shopSettings.findUnique({ where: { shop } });
    await tx.recommenderState.createMany({
      data: [
        {
          shop,
          decayAnchorAt: new Date(),
          halfLifeDays: settings?.halfLifeDays ?? null,
          maxBasketSize: settings?.maxBasketSize ?? DEFAULT_MAX_BASKET_ITEMS,
        },
      ],
      skipDuplicates: true,
    });
    state = await tx.recommenderState.findUniqueOrThrow({ where: { shop } });
  }
  return { anchorMs: state.decayAnchorAt.getTime(), halfLifeDays: state.halfLifeDays, maxBasketSize: state.maxBasketSize };
}

/** Why the stored counts no longer match the shop's settings (null when they do). */
export function rebuildReason(
  params: StatsParams,
  settings: { halfLifeDays: number | null; maxBasketSize: number },
  nowMs: number,
): string | null {
  if (params.halfLifeDays !== settings.halfLifeDays) return "half-life changed";
  if (params.maxBasketSize !== settings.maxBasketSize) return "basket cap changed";
  if (params.halfLifeDays !== null && nowMs - params.anchorMs > MAX_ANCHOR_AGE_HALF_LIVES * params.halfLifeDays * DAY_MS) {
    return "decay anchor too old";
  }
  return null;
}

/** Postgres array literal of numbers, passed as one text parameter (cheap for large batches). */
export function arrayLiteral(values: readonly (number | bigint | string)[]): string {
  return `{${values.join(",")}}`;
}

/** Stored pairs of the shop in key order, read in chunks, each as one compact text ("a,b,together,…"). */
export async function* storedPairs(db: Db, shop: string, pairsPerChunk = 250_000): AsyncGenerator<{ a: number[]; b: number[]; together: number[] }> {
  let afterA = "0";
  let afterB = "0";
  for (;;) {
    const [chunk] = await db.$queryRawUnsafe<{ pairs: string | null }[]>(
      `SELECT string_agg(product_a::text || ',' || product_b::text || ',' || together::text, ',' ORDER BY product_a, product_b) AS pairs
       FROM (SELECT product_a, product_b, together FROM pair_stats
             WHERE shop = $1 AND (product_a, product_b) > ($2::bigint, $3::bigint)
             ORDER BY product_a, product_b LIMIT $4) chunk`,
      shop,
      afterA,
      afterB,
      pairsPerChunk,
    );
    if (!chunk?.pairs) return;
    const fields = chunk.pairs.split(",");
    const size = fields.length / 3;
    const a = new Array<number>(size);
    const b = new Array<number>(size);
    const together = new Array<number>(size);
    for (let k = 0, f = 0; k < size; k++, f += 3) {
      a[k] = Number(fields[f]);
      b[k] = Number(fields[f + 1]);
      together[k] = Number(fields[f + 2]);
    }
    yield { a, b, together };
    if (size < pairsPerChunk) return;
    afterA = fields[fields.length - 3];
    afterB = fields[fields.length - 2];
  }
}
