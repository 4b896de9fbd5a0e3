// The two layers of the stored pair counts (docs/decisions/010) and how they combine, without I/O:
// the compacted base (pair_blocks: one row per product a with its partners b > a) and the delta
// layer (pair_stats: one row per pair changed since the last compaction, possibly negative).
// A pair's count is base + delta.
import { BinaryReader } from "../../db/pg-binary";

/** The base layer, flattened: block k is partners/together[rowStart[k] .. rowStart[k + 1]). */
export interface PairBlocks {
  productA: Float64Array;
  rowStart: Int32Array;
  partners: Float64Array;
  together: Float64Array;
}

/** Pairs as columns, sorted by (a, b), a < b. */
export interface PairColumns {
  a: Float64Array;
  b: Float64Array;
  together: Float64Array;
}

export const EMPTY_BLOCKS: PairBlocks = {
  productA: new Float64Array(0),
  rowStart: new Int32Array(1),
  partners: new Float64Array(0),
  together: new Float64Array(0),
};

/**
 * Parses the base layer as read by stats-store.server.ts: concatenated
 * int8send(product_a) || array_send(partners) || array_send(together), blocks in product_a order.
 */
export function parsePairBlocks(buffer: Buffer | null): PairBlocks {
  if (!buffer || buffer.length === 0) return EMPTY_BLOCKS;
  const reader = new BinaryReader(buffer);
  const ids: number[] = [];
  const partnerRows: Float64Array[] = [];
  const togetherRows: Float64Array[] = [];
  let pairs = 0;
  while (!reader.done) {
    const productA = reader.int8();
    const partners = reader.int8Array();
    const together = reader.float8Array();
    if (partners.length !== together.length)
      throw new RangeError(`pair block ${productA}: ${partners.length} partners, ${together.length} counts`);
    ids.push(productA);
    partnerRows.push(partners);
    togetherRows.push(together);
    pairs += partners.length;
  }
  const rowStart = new Int32Array(ids.length + 1);
  const partners = new Float64Array(pairs);
  const together = new Float64Array(pairs);
  for (let k = 0; k < ids.length; k++) {
    partners.set(partnerRows[k], rowStart[k]);
    together.set(togetherRows[k], rowStart[k]);
    rowStart[k + 1] = rowStart[k] + partnerRows[k].length;
  }
  return { productA: Float64Array.from(ids), rowStart, partners, together };
}

export interface MergedPairs extends PairColumns {
  /** A merged count below zero (-tolerance): the stored counts drifted from the orders. Left out of the result. */
  drift: boolean;
}

/** base + delta, pair by pair, in (a, b) order; counts within tolerance of zero are left out. */
export function mergePairLayers(base: PairBlocks, delta: PairColumns, tolerance: number): MergedPairs {
  const capacity = base.partners.length + delta.a.length;
  const a = new Float64Array(capacity);
  const b = new Float64Array(capacity);
  const together = new Float64Array(capacity);
  let size = 0;
  let drift = false;
  const emit = (pa: number, pb: number, value: number) => {
    if (value <= -tolerance) drift = true;
    else if (value >= tolerance) {
      a[size] = pa;
      b[size] = pb;
      together[size++] = value;
    }
  };
  let d = 0;
  const deltas = delta.a.length;
  for (let k = 0; k < base.productA.length; k++) {
    const pa = base.productA[k];
    // Delta rows of products before this block.
    while (d < deltas && delta.a[d] < pa) emit(delta.a[d], delta.b[d], delta.together[d++]);
    for (let j = base.rowStart[k]; j < base.rowStart[k + 1]; j++) {
      const pb = base.partners[j];
      while (d < deltas && delta.a[d] === pa && delta.b[d] < pb) emit(pa, delta.b[d], delta.together[d++]);
      if (d < deltas && delta.a[d] === pa && delta.b[d] === pb) emit(pa, pb, base.together[j] + delta.together[d++]);
      else emit(pa, pb, base.together[j]);
    }
    while (d < deltas && delta.a[d] === pa) emit(pa, delta.b[d], delta.together[d++]);
  }
  while (d < deltas) emit(delta.a[d], delta.b[d], delta.together[d++]);
  return { a: a.subarray(0, size), b: b.subarray(0, size), together: together.subarray(0, size), drift };
}
