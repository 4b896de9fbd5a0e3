// A rebuild's truth against what is stored: product counts and pair blocks are compared and only
// the rows that differ are written (so rebuilding current statistics writes nothing); the delta
// layer is folded into the base.
import type pg from "pg";
import { float8ArrayParam, int8ArrayParam, readFloat8Array, readInt8Array } from "../../db/pg-binary";
import { defineStatement, sql } from "../../db/statements.server";
import type { PairRows } from "../core/pair-rows";
import type { PairBlocks, PairColumns } from "./pair-layers";
import type { PairLayers } from "./pair-storage.server";

export interface Written {
  inserted: number;
  updated: number;
  deleted: number;
}

/** Rows physically written: base blocks rewritten or deleted, and delta rows folded (deleted). */
export interface StorageWrites {
  blocksWritten: number;
  blocksDeleted: number;
  deltasFolded: number;
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

export async function writeProductCounts(client: pg.ClientBase, shop: string, truth: PairRows): Promise<Written> {
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
export function pairDifferences(truth: PairRows, stored: PairColumns): Written {
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

const CLEAR_PAIR_DELTAS = defineStatement(
  "pairwise-rebuild-clear-pair-deltas",
  `DELETE FROM pair_stats WHERE shop = $1`,
);

/**
 * Makes the base equal to the truth and empties the delta layer: rewrites the blocks whose row
 * differs from the truth's, deletes blocks of products left without partners, deletes the delta rows.
 */
export async function writePairBlocks(
  client: pg.ClientBase,
  shop: string,
  truth: PairRows,
  stored: PairLayers,
): Promise<StorageWrites> {
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

  for (let w = 0; w < writes.length;) {
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let elements = 0;
    for (
      ;
      w < writes.length &&
      (elements === 0 || elements + rowStart[writes[w] + 1] - rowStart[writes[w]] <= BLOCK_ELEMENTS_PER_STATEMENT);
      w++
    ) {
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
