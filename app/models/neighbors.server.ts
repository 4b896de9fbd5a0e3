// Precomputed neighbour lists: every product's top neighbours by the shop's similarity, stored in
// product_stats.neighbors, so a storefront read is one indexed lookup instead of a scoring pass.
// Recomputed by the refresh-neighbors job (debounced after order deltas) and after a rebuild.
import { Prisma, type PrismaClient } from "@prisma/client";
import defaultPrisma from "../db.server";
import { decayScale } from "../recommender/basket-delta";
import { buildCooccurrenceModel } from "../recommender/model";
import { DEFAULT_MAX_BASKET_ITEMS } from "../recommender/pair-counts";
import { APP_RELEVANCE, buildSimilarityIndex, neighbourLists } from "../recommender/recommend";
import { DEFAULT_SIMILARITY, isSimilarityName, type SimilarityName } from "../recommender/similarity";
import type { CooccurrenceModel } from "../recommender/types";
import { arrayLiteral, lockShopStats, rebuildReason, storedPairs, type Db } from "./stats-store.server";

/** Neighbours stored per product. */
export const NEIGHBORS_PER_PRODUCT = 20;

/** How long after an order's delta the shop's lists are refreshed (deltas in between share one refresh). */
export const NEIGHBORS_REFRESH_DELAY_MS = 15_000;

/** One entry of product_stats.neighbors; the statistics are those of the pair (product → id). */
export interface StoredNeighbor {
  id: string;
  score: number;
  together: number;
  support: number;
  confidence: number;
  lift: number;
  source: "history";
}

/** The shop's chosen measure; "default" (or an unknown name) is the recommender's default. */
export function shopSimilarity(name: string | null | undefined): SimilarityName {
  return name && name !== "default" && isSimilarityName(name) ? name : DEFAULT_SIMILARITY;
}

/** The recommender's relevance floor, raised by the shop's minimum support. */
export function similarityOptions(minSupport: number) {
  return { minPairCount: Math.max(APP_RELEVANCE.minPairCount, minSupport), minSupport };
}

export interface RefreshResult {
  /** "stale": the stored counts were built with other settings (or too old an anchor); rebuild instead. */
  status: "refreshed" | "stale";
  reason?: string;
  products: number;
  withNeighbors: number;
  ms: number;
}

interface Snapshot {
  ids: number[];
  counts: number[];
  pairA: number[];
  pairB: number[];
  together: number[];
  totalOrders: number;
  deleted: Set<number>;
}

const WRITE_BATCH = 500;

export async function refreshNeighbors(
  shop: string,
  options: { now?: Date; ignoreStale?: boolean } = {},
  db: PrismaClient = defaultPrisma,
): Promise<RefreshResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const [settings, state] = await Promise.all([
    db.shopSettings.findUnique({ where: { shop } }),
    db.recommenderState.findUnique({ where: { shop } }),
  ]);
  if (!state) return { status: "refreshed", products: 0, withNeighbors: 0, ms: performance.now() - started };
  const params = { anchorMs: state.decayAnchorAt.getTime(), halfLifeDays: state.halfLifeDays, maxBasketSize: state.maxBasketSize };
  const reason = rebuildReason(
    params,
    { halfLifeDays: settings?.halfLifeDays ?? null, maxBasketSize: settings?.maxBasketSize ?? DEFAULT_MAX_BASKET_ITEMS },
    now.getTime(),
  );
  if (reason && !options.ignoreStale) return { status: "stale", reason, products: 0, withNeighbors: 0, ms: performance.now() - started };

  // One consistent snapshot of counts, pairs and total.
  const snapshot = await db.$transaction(
    async (tx) => readSnapshot(tx, shop),
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 10 * 60_000, maxWait: 60_000 },
  );
  const scale = decayScale(params.anchorMs, now.getTime(), params.halfLifeDays);
  const model = modelFromCounts(snapshot, scale);
  const similarity = shopSimilarity(settings?.similarity);
  const index = buildSimilarityIndex(model, similarity, similarityOptions(settings?.minSupport ?? APP_RELEVANCE.minPairCount));
  // A deleted product is never offered; its own history still counts for the others.
  if (snapshot.deleted.size > 0) {
    for (let j = 0; j < model.partners.length; j++) if (snapshot.deleted.has(model.items[model.partners[j]])) index.scores[j] = 0;
  }
  const lists = neighbourLists(index, { topN: NEIGHBORS_PER_PRODUCT, minScore: APP_RELEVANCE.minScore });

  let withNeighbors = 0;
  for (let start = 0; start < lists.length; start += WRITE_BATCH) {
    const batch = lists.slice(start, start + WRITE_BATCH).map((list) => {
      if (list.neighbours.length > 0) withNeighbors++;
      const neighbors: StoredNeighbor[] = list.neighbours.map((n) => ({
        id: String(n.id),
        score: n.score,
        together: n.explanation.ordersTogether,
        support: n.explanation.support,
        confidence: n.explanation.confidence,
        lift: n.explanation.lift,
        source: "history",
      }));
      return { id: String(list.id), n: neighbors };
    });
    await db.$transaction(async (tx) => {
      // Same lock order as the deltas (shop lock, then product rows ascending): no deadlock with them.
      await lockShopStats(tx, shop, "shared");
      await tx.$queryRawUnsafe(
        `SELECT 1 FROM product_stats WHERE shop = $1 AND product_id = ANY($2::text::bigint[]) ORDER BY product_id FOR UPDATE`,
        shop,
        arrayLiteral(batch.map((row) => row.id)),
      );
      await tx.$executeRawUnsafe(
        `UPDATE product_stats s SET neighbors = d.n
         FROM jsonb_to_recordset($2::jsonb) AS d(id bigint, n jsonb)
         WHERE s.shop = $1 AND s.product_id = d.id AND s.neighbors IS DISTINCT FROM d.n`,
        shop,
        JSON.stringify(batch),
      );
    });
  }
  await db.recommenderState.updateMany({ where: { shop }, data: { neighborsAt: now, similarity } });
  return { status: "refreshed", products: lists.length, withNeighbors, ms: performance.now() - started };
}

async function readSnapshot(tx: Db, shop: string): Promise<Snapshot> {
  const [products] = await tx.$queryRaw<{ ids: string | null; counts: string | null; total: number | null; deleted: string | null }[]>`
    SELECT (SELECT string_agg(product_id::text, ',' ORDER BY product_id) FROM product_stats WHERE shop = ${shop}) AS ids,
           (SELECT string_agg(order_count::text, ',' ORDER BY product_id) FROM product_stats WHERE shop = ${shop}) AS counts,
           (SELECT total_orders FROM recommender_state WHERE shop = ${shop}) AS total,
           (SELECT string_agg(id::text, ',') FROM products WHERE shop = ${shop} AND deleted_at IS NOT NULL) AS deleted`;
  const pairA: number[] = [];
  const pairB: number[] = [];
  const together: number[] = [];
  for await (const chunk of storedPairs(tx, shop)) {
    for (let k = 0; k < chunk.a.length; k++) {
      pairA.push(chunk.a[k]);
      pairB.push(chunk.b[k]);
      together.push(chunk.together[k]);
    }
  }
  return {
    ids: products?.ids ? products.ids.split(",").map(Number) : [],
    counts: products?.counts ? products.counts.split(",").map(Number) : [],
    pairA,
    pairB,
    together,
    totalOrders: products?.total ?? 0,
    deleted: new Set(products?.deleted ? products.deleted.split(",").map(Number) : []),
  };
}

/** The stored counts as the pure recommender's model, each count multiplied by scale (decay to now). */
function modelFromCounts(snapshot: Snapshot, scale: number): CooccurrenceModel {
  const slotOf = new Map<number, number>();
  snapshot.ids.forEach((id, slot) => slotOf.set(id, slot));
  const lo = new Int32Array(snapshot.pairA.length);
  const hi = new Int32Array(snapshot.pairA.length);
  const values = new Float64Array(snapshot.pairA.length);
  let size = 0;
  for (let k = 0; k < snapshot.pairA.length; k++) {
    const a = slotOf.get(snapshot.pairA[k]);
    const b = slotOf.get(snapshot.pairB[k]);
    if (a === undefined || b === undefined) continue;
    lo[size] = a;
    hi[size] = b;
    values[size++] = snapshot.together[k] * scale;
  }
  return buildCooccurrenceModel(
    snapshot.totalOrders * scale,
    snapshot.ids,
    snapshot.counts.map((count) => count * scale),
    {
      size,
      forEach: (visit) => {
        for (let k = 0; k < size; k++) visit(lo[k], hi[k], values[k]);
      },
    },
  );
}
