// Precomputed neighbour lists: every product's top neighbours by the shop's similarity, stored in
// product_stats.neighbours, so a storefront read is one indexed lookup instead of a scoring pass.
// Recomputed by the refresh-neighbours job (debounced after order deltas) and after a rebuild.
import type { PrismaClient } from "@prisma/client";
import type pg from "pg";
import defaultPrisma from "../../db.server";
import { readFloat8Array, readInt8Array } from "../../db/pg-binary";
import { defineStatement, sql } from "../../db/statements.server";
import { decayScale } from "../core/basket-delta";
import { buildCooccurrenceModel } from "../core/model";
import { DEFAULT_MAX_BASKET_ITEMS } from "../core/pair-counts";
import { NEIGHBOURS_PER_PRODUCT, shopSimilarity, similarityOptions } from "../core/neighbour-lists";
import { APP_RELEVANCE, buildSimilarityIndex, neighbourLists } from "../core/recommend";
import type { CooccurrenceModel } from "../core/types";
import { ZERO_TOLERANCE } from "../core/pair-table";
import { mergePairLayers, type PairColumns } from "./pair-layers";
import { inSqlTransaction } from "../../db/sql-tx.server";
import { arrayLiteral, compactPairDeltas, lockShopStats, readPairLayers, rebuildReason } from "./pair-storage.server";

/** How long after an order's delta the shop's lists are refreshed (deltas in between share one refresh). */
export const NEIGHBOURS_REFRESH_DELAY_MS = 15_000;

/** One entry of product_stats.neighbours; the statistics are those of the pair (product → id). */
export interface StoredNeighbour {
  id: string;
  score: number;
  together: number;
  support: number;
  confidence: number;
  lift: number;
  source: "history";
}

export interface RefreshResult {
  /** "stale": the stored counts were built with other settings (or too old an anchor); rebuild instead. */
  status: "refreshed" | "stale";
  reason?: string;
  products: number;
  withNeighbours: number;
  /** Delta rows folded into the base first, and how long that took. */
  compaction?: { folded: number; ms: number };
  ms: number;
}

interface Snapshot {
  ids: number[];
  counts: Float64Array;
  /** Merged pair counts (base + delta). */
  pairs: PairColumns;
  drift: boolean;
  totalOrders: number;
  deleted: Set<number>;
}

const WRITE_BATCH = 500;

/** The shop's products and counts, its total and its deleted products, as binary arrays (pg-binary). */
const READ_SNAPSHOT = defineStatement<{
  ids: Buffer | null;
  counts: Buffer | null;
  total: number | null;
  deleted: Buffer | null;
}>(
  "pairwise-neighbours-snapshot",
  `SELECT (SELECT array_send(array_agg(product_id ORDER BY product_id)) FROM product_stats WHERE shop = $1) AS ids,
          (SELECT array_send(array_agg(order_count ORDER BY product_id)) FROM product_stats WHERE shop = $1) AS counts,
          (SELECT total_orders FROM recommender_state WHERE shop = $1) AS total,
          (SELECT array_send(array_agg(id)) FROM products WHERE shop = $1 AND deleted_at IS NOT NULL) AS deleted`,
  { columns: ["ids", "counts", "total", "deleted"] },
);

/** Row locks of a batch's products ($2), in key order. */
const LOCK_ROWS = defineStatement(
  "pairwise-neighbours-lock-rows",
  `SELECT 1 FROM product_stats WHERE shop = $1 AND product_id = ANY($2::text::bigint[]) ORDER BY product_id FOR UPDATE`,
);

/** A batch's lists ($2: JSON of { id, n }), written only where they changed. */
const WRITE_LISTS = defineStatement(
  "pairwise-neighbours-write",
  `UPDATE product_stats s SET neighbours = d.n
   FROM jsonb_to_recordset($2::jsonb) AS d(id bigint, n jsonb)
   WHERE s.shop = $1 AND s.product_id = d.id AND s.neighbours IS DISTINCT FROM d.n`,
);

export async function refreshNeighbours(
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
  if (!state) return { status: "refreshed", products: 0, withNeighbours: 0, ms: performance.now() - started };
  const params = {
    anchorMs: state.decayAnchorAt.getTime(),
    halfLifeDays: state.halfLifeDays,
    maxBasketSize: state.maxBasketSize,
  };
  const reason = rebuildReason(
    params,
    {
      halfLifeDays: settings?.halfLifeDays ?? null,
      maxBasketSize: settings?.maxBasketSize ?? DEFAULT_MAX_BASKET_ITEMS,
    },
    now.getTime(),
  );
  if (reason && !options.ignoreStale)
    return { status: "stale", reason, products: 0, withNeighbours: 0, ms: performance.now() - started };

  // Fold the deltas since the last refresh into the base first, so the read below merges few rows.
  const compaction = await compactPairDeltas(shop);
  const compacted = { folded: compaction.folded, ms: compaction.ms };
  if (compaction.drift && !options.ignoreStale) {
    return {
      status: "stale",
      reason: "pair counts below zero",
      products: 0,
      withNeighbours: 0,
      compaction: compacted,
      ms: performance.now() - started,
    };
  }
  // One consistent snapshot of counts, pairs and total.
  const snapshot = await inSqlTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", (client) =>
    readSnapshot(client, shop),
  );
  if (snapshot.drift && !options.ignoreStale) {
    return {
      status: "stale",
      reason: "pair counts below zero",
      products: 0,
      withNeighbours: 0,
      compaction: compacted,
      ms: performance.now() - started,
    };
  }
  const scale = decayScale(params.anchorMs, now.getTime(), params.halfLifeDays);
  const model = modelFromCounts(snapshot, scale);
  const similarity = shopSimilarity(settings?.similarity);
  const index = buildSimilarityIndex(
    model,
    similarity,
    similarityOptions(settings?.minSupport ?? APP_RELEVANCE.minPairCount),
  );
  // A deleted product is never offered; its own history still counts for the others.
  if (snapshot.deleted.size > 0) {
    for (let j = 0; j < model.partners.length; j++)
      if (snapshot.deleted.has(model.items[model.partners[j]])) index.scores[j] = 0;
  }
  const lists = neighbourLists(index, { topN: NEIGHBOURS_PER_PRODUCT, minScore: APP_RELEVANCE.minScore });

  let withNeighbours = 0;
  for (let start = 0; start < lists.length; start += WRITE_BATCH) {
    const batch = lists.slice(start, start + WRITE_BATCH).map((list) => {
      if (list.neighbours.length > 0) withNeighbours++;
      const neighbours: StoredNeighbour[] = list.neighbours.map((n) => ({
        id: String(n.id),
        score: n.score,
        together: n.explanation.ordersTogether,
        support: n.explanation.support,
        confidence: n.explanation.confidence,
        lift: n.explanation.lift,
        source: "history",
      }));
      return { id: String(list.id), n: neighbours };
    });
    await db.$transaction(async (tx) => {
      // Same lock order as the deltas (shop lock, then product rows ascending): no deadlock with them.
      await lockShopStats(tx, shop, "shared");
      await sql.query(tx, LOCK_ROWS, [shop, arrayLiteral(batch.map((row) => row.id))]);
      await sql.execute(tx, WRITE_LISTS, [shop, JSON.stringify(batch)]);
    });
  }
  await db.recommenderState.updateMany({ where: { shop }, data: { neighboursAt: now, similarity } });
  return {
    status: "refreshed",
    products: lists.length,
    withNeighbours,
    compaction: compacted,
    ms: performance.now() - started,
  };
}

async function readSnapshot(client: pg.ClientBase, shop: string): Promise<Snapshot> {
  const rows = await sql.query(client, READ_SNAPSHOT, [shop]);
  const { base, delta } = await readPairLayers(client, shop);
  const pairs = mergePairLayers(base, delta, ZERO_TOLERANCE);
  return {
    ids: Array.from(readInt8Array(rows[0].ids)),
    counts: readFloat8Array(rows[0].counts),
    pairs,
    drift: pairs.drift,
    totalOrders: rows[0].total ?? 0,
    deleted: new Set(readInt8Array(rows[0].deleted)),
  };
}

/** The stored counts as the pure recommender's model, each count multiplied by scale (decay to now). */
function modelFromCounts(snapshot: Snapshot, scale: number): CooccurrenceModel {
  const slotOf = new Map<number, number>();
  snapshot.ids.forEach((id, slot) => slotOf.set(id, slot));
  const pairs = snapshot.pairs;
  const lo = new Int32Array(pairs.a.length);
  const hi = new Int32Array(pairs.a.length);
  const values = new Float64Array(pairs.a.length);
  let size = 0;
  for (let k = 0; k < pairs.a.length; k++) {
    const a = slotOf.get(pairs.a[k]);
    const b = slotOf.get(pairs.b[k]);
    if (a === undefined || b === undefined) continue;
    lo[size] = a;
    hi[size] = b;
    values[size++] = pairs.together[k] * scale;
  }
  return buildCooccurrenceModel(
    snapshot.totalOrders * scale,
    snapshot.ids,
    Array.from(snapshot.counts, (count) => count * scale),
    {
      size,
      forEach: (visit) => {
        for (let k = 0; k < size; k++) visit(lo[k], hi[k], values[k]);
      },
    },
  );
}
