import { DEFAULT_MAX_BASKET_ITEMS } from "./pair-counts";
import { PairTable, ZERO_TOLERANCE } from "./pair-table";

/**
 * Pair counts as one row per product: for each product a (ascending id), its partners b > a in
 * ascending id order with the orders containing both. The shape of the stored base layer
 * (pair_blocks), so a rebuild compares and writes whole rows.
 */
export interface PairRows {
  totalOrders: number;
  /** Product ids with a non-zero count, ascending. */
  items: number[];
  itemCounts: Float64Array;
  /** Row a is partners/together[rowStart[a] .. rowStart[a + 1]); length items.length + 1. */
  rowStart: Int32Array;
  /** Indexes into items, each greater than its row's index, ascending within a row. */
  partners: Int32Array;
  together: Float64Array;
}

/**
 * A bulk accumulator for the full rebuild, with the same results as PairCounts (distinct items per
 * basket, the same cap, the same weights, the same pair table), but fed baskets as runs of a flat
 * id array (no array or Set per basket) and frozen straight into PairRows (upper triangle only).
 */
export class PairRowCounter {
  readonly maxBasketItems: number;
  private readonly slotOf = new Map<number, number>();
  private readonly slotIds: number[] = [];
  private slotCounts = new Float64Array(1024);
  private readonly pairs = new PairTable(1 << 16);
  private scratch = new Int32Array(64);
  private total = 0;

  constructor(maxBasketItems = DEFAULT_MAX_BASKET_ITEMS) {
    if (!Number.isInteger(maxBasketItems) || maxBasketItems < 1) throw new RangeError("maxBasketItems must be a positive integer");
    this.maxBasketItems = maxBasketItems;
  }

  get totalOrders(): number {
    return this.total;
  }

  get distinctPairs(): number {
    return this.pairs.size;
  }

  /**
   * Counts the basket ids[start..end) (ids may repeat) with a positive weight. Returns false, and
   * counts nothing, for an empty or over-cap basket.
   */
  add(ids: ArrayLike<number>, start: number, end: number, weight = 1): boolean {
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError("weight must be a finite positive number");
    if (end - start > this.scratch.length) this.scratch = new Int32Array(2 * (end - start));
    const slots = this.scratch;
    // Distinct slots, kept sorted by insertion (baskets are small).
    let n = 0;
    for (let i = start; i < end; i++) {
      const slot = this.slot(ids[i]);
      let at = n;
      while (at > 0 && slots[at - 1] > slot) at--;
      if (at > 0 && slots[at - 1] === slot) continue;
      if (n === this.maxBasketItems) return false; // one more distinct item than the cap
      slots.copyWithin(at + 1, at, n);
      slots[at] = slot;
      n++;
    }
    if (n === 0) return false;
    this.total = clean(this.total + weight);
    const counts = this.slotCounts;
    for (let i = 0; i < n; i++) {
      const lo = slots[i];
      counts[lo] = clean(counts[lo] + weight);
      for (let j = i + 1; j < n; j++) this.pairs.add(lo, slots[j], weight);
    }
    return true;
  }

  /** Freezes the counts into rows ordered by id (two stable counting passes, no comparison sort of pairs). */
  rows(): PairRows {
    const live: number[] = [];
    for (let s = 0; s < this.slotIds.length; s++) if (this.slotCounts[s] > 0) live.push(s);
    live.sort((x, y) => this.slotIds[x] - this.slotIds[y]);
    const indexOfSlot = new Int32Array(this.slotIds.length).fill(-1);
    live.forEach((slot, index) => (indexOfSlot[slot] = index));
    const n = live.length;
    const items = live.map((s) => this.slotIds[s]);
    const itemCounts = Float64Array.from(live, (s) => this.slotCounts[s]);

    const size = this.pairs.size;
    const rowOf = new Int32Array(size);
    const colOf = new Int32Array(size);
    const valueOf = new Float64Array(size);
    let e = 0;
    this.pairs.forEach((lo, hi, value) => {
      const x = indexOfSlot[lo];
      const y = indexOfSlot[hi];
      if (x < 0 || y < 0) return;
      rowOf[e] = x < y ? x : y;
      colOf[e] = x < y ? y : x;
      valueOf[e++] = value;
    });
    // By column, then stably by row: rows ascending, partners ascending within each row.
    const byCol = countingOrder(colOf, e, n);
    const rowStart = new Int32Array(n + 1);
    for (let k = 0; k < e; k++) rowStart[rowOf[k] + 1]++;
    for (let i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
    const fill = rowStart.slice(0, n);
    const partners = new Int32Array(e);
    const together = new Float64Array(e);
    for (let i = 0; i < e; i++) {
      const k = byCol[i];
      const at = fill[rowOf[k]]++;
      partners[at] = colOf[k];
      together[at] = valueOf[k];
    }
    return { totalOrders: this.total, items, itemCounts, rowStart, partners, together };
  }

  private slot(id: number): number {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.slotIds.length;
      this.slotOf.set(id, slot);
      this.slotIds.push(id);
      if (slot >= this.slotCounts.length) {
        const grown = new Float64Array(2 * this.slotCounts.length);
        grown.set(this.slotCounts);
        this.slotCounts = grown;
      }
    }
    return slot;
  }
}

/** Positions 0..length-1 ordered by key (stable counting sort over keys in 0..n-1). */
function countingOrder(keys: Int32Array, length: number, n: number): Int32Array {
  const next = new Int32Array(n + 1);
  for (let k = 0; k < length; k++) next[keys[k] + 1]++;
  for (let i = 0; i < n; i++) next[i + 1] += next[i];
  const order = new Int32Array(length);
  for (let k = 0; k < length; k++) order[next[keys[k]]++] = k;
  return order;
}

function clean(value: number): number {
  return Math.abs(value) < ZERO_TOLERANCE ? 0 : value;
}
