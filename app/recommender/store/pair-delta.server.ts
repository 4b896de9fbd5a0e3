// Pair statistics kept current incrementally: one order's delta at a time, inside the transaction
// that changes the order (docs/decisions/006-pair-statistics-storage.md).
import { defineStatement, sql, type Db } from "../../db/statements.server";
import { enqueue } from "../../jobs/queue.server";
import { isEmptyDelta, type CountsDelta } from "../core/basket-delta";
import { ZERO_TOLERANCE } from "../core/pair-table";
import { arrayLiteral } from "./pair-storage.server";

export interface DeltaResult {
  /** A count went below zero: the stored statistics had drifted from the orders (a rebuild is queued). */
  drift: boolean;
}

// One round trip to a SQL function (migration 20261123130000) whose plans Postgres caches per
// connection: products, then pairs, each in key order, then the total; zeros deleted.
const APPLY_COUNTS_DELTA = defineStatement<{ drift: boolean }>(
  "pairwise-stats-apply-delta",
  `SELECT pairwise_apply_counts_delta($1, $2::text::bigint[], $3::text::float8[], $4::text::bigint[], $5::text::bigint[],
                                      $6::text::float8[], $7::float8, $8::float8) AS drift`,
  { columns: ["drift"] },
);

/**
 * Applies an order's delta to the shop's counts, in the caller's transaction (the one that changes
 * the order), after lockShopStats(tx, shop, "shared"). Rows are upserted in ascending key order
 * (product_stats, then pair_stats, then the shop's total), the same order in every transaction, so
 * concurrent deltas wait for each other instead of deadlocking. A count that reaches zero
 * (within float rounding) is deleted, as the in-memory accumulator drops it.
 */
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
