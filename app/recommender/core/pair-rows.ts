import { DEFAULT_MAX_BASKET_ITEMS } from "./pair-counts";
import { ZERO_TOLERANCE } from "./pair-table";

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
 * basket, the same cap, the same weights, each pair's sum taken in basket order), fed baskets as
 * runs of a flat id array (no array or Set per basket).
 *
 * It keeps the baskets (small: one int per distinct item) and counts the pairs only when asked for
 * the rows, one product at a time (Gustavson's row-by-row sparse product, the layout SAR and
 * implicit use): for product a, every basket holding a adds its weight to a dense accumulator at
 * each partner b > a. The accumulator is one Float64Array over the products, which stays in cache,
 * where a hash table of all pairs would miss it on nearly every add; and the rows come out in id
 * order without sorting the pairs.
 */
export class PairRowCounter {
  readonly maxBasketItems: number;
  private readonly slotOf = new IdSlots();
  private readonly slotIds: number[] = [];
  private slotCounts = new Float64Array(1024);
  private scratch = new Int32Array(64);
  private total = 0;
  /** The counted baskets' distinct slots, basket after basket; basket k is basketSlots[basketEnd[k-1] .. basketEnd[k]). */
  private basketSlots = new Int32Array(1 << 16);
  private basketEnd = new Int32Array(1 << 14);
  private basketWeight = new Float64Array(1 << 14);
  private baskets = 0;
  private slotsUsed = 0;
  private pairCount = -1;

  constructor(maxBasketItems = DEFAULT_MAX_BASKET_ITEMS) {
    if (!Number.isInteger(maxBasketItems) || maxBasketItems < 1)
      throw new RangeError("maxBasketItems must be a positive integer");
    this.maxBasketItems = maxBasketItems;
  }

  get totalOrders(): number {
    return this.total;
  }

  /** Distinct pairs, known once rows() has run (-1 before). */
  get distinctPairs(): number {
    return this.pairCount;
  }

  /**
   * Counts the basket ids[start..end) (ids may repeat) with a positive weight. Returns false, and
   * counts nothing, for an empty or over-cap basket.
   */
  add(ids: ArrayLike<number>, start: number, end: number, weight = 1): boolean {
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError("weight must be a finite positive number");
    if (end - start > this.scratch.length) this.scratch = new Int32Array(2 * (end - start));
    const slots = this.scratch;
    // Distinct slots (baskets are small: a linear scan beats a Set).
    let n = 0;
    for (let i = start; i < end; i++) {
      const slot = this.slot(ids[i]);
      let seen = false;
      for (let k = 0; k < n; k++) {
        if (slots[k] === slot) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
      if (n === this.maxBasketItems) return false; // one more distinct item than the cap
      slots[n++] = slot;
    }
    if (n === 0) return false;
    this.total = clean(this.total + weight);
    const counts = this.slotCounts;
    for (let i = 0; i < n; i++) counts[slots[i]] = clean(counts[slots[i]] + weight);
    this.keepBasket(slots, n, weight);
    this.pairCount = -1;
    return true;
  }

  /** The counts as rows ordered by id. */
  rows(): PairRows {
    const live: number[] = [];
    for (let s = 0; s < this.slotIds.length; s++) if (this.slotCounts[s] > 0) live.push(s);
    live.sort((x, y) => this.slotIds[x] - this.slotIds[y]);
    const indexOfSlot = new Int32Array(this.slotIds.length).fill(-1);
    live.forEach((slot, index) => (indexOfSlot[slot] = index));
    const n = live.length;
    const items = live.map((s) => this.slotIds[s]);
    const itemCounts = Float64Array.from(live, (s) => this.slotCounts[s]);

    // Each basket as item indexes, ascending, and for each item the baskets holding it (in basket
    // order, so each pair's sum is taken in the same order as PairCounts takes it).
    const members = new Int32Array(this.slotsUsed);
    const holders = new Int32Array(n + 1);
    for (let k = 0, from = 0; k < this.baskets; k++) {
      const to = this.basketEnd[k];
      for (let i = from; i < to; i++) {
        // Insertion sort in place: baskets are a few items (a sort call per basket costs more).
        const index = indexOfSlot[this.basketSlots[i]];
        let at = i;
        while (at > from && members[at - 1] > index) {
          members[at] = members[at - 1];
          at--;
        }
        members[at] = index;
        holders[index + 1]++;
      }
      from = to;
    }
    for (let i = 0; i < n; i++) holders[i + 1] += holders[i];
    // occurrence → (basket, position in basket): where the partners above the item start.
    const fill = holders.slice(0, n);
    const occurrenceBasket = new Int32Array(this.slotsUsed);
    const occurrenceNext = new Int32Array(this.slotsUsed);
    for (let k = 0, from = 0; k < this.baskets; k++) {
      const to = this.basketEnd[k];
      for (let i = from; i < to; i++) {
        const at = fill[members[i]]++;
        occurrenceBasket[at] = k;
        occurrenceNext[at] = i + 1;
      }
      from = to;
    }

    const acc = new Float64Array(n);
    const touched = new Int32Array(n);
    const rowStart = new Int32Array(n + 1);
    let partners = new Int32Array(1 << 16);
    let together = new Float64Array(1 << 16);
    let size = 0;
    for (let a = 0; a < n; a++) {
      let touchedCount = 0;
      for (let o = holders[a]; o < holders[a + 1]; o++) {
        const k = occurrenceBasket[o];
        const weight = this.basketWeight[k];
        const to = this.basketEnd[k];
        for (let i = occurrenceNext[o]; i < to; i++) {
          const b = members[i];
          if (acc[b] === 0) touched[touchedCount++] = b;
          acc[b] += weight;
        }
      }
      const row = touched.subarray(0, touchedCount).sort();
      if (size + touchedCount > partners.length) {
        const capacity = Math.max(2 * partners.length, size + touchedCount);
        partners = grow(partners, capacity);
        together = grow(together, capacity);
      }
      for (let t = 0; t < touchedCount; t++) {
        const b = row[t];
        partners[size] = b;
        together[size++] = acc[b];
        acc[b] = 0;
      }
      rowStart[a + 1] = size;
    }
    this.pairCount = size;
    return {
      totalOrders: this.total,
      items,
      itemCounts,
      rowStart,
      partners: partners.slice(0, size),
      together: together.slice(0, size),
    };
  }

  private keepBasket(slots: Int32Array, n: number, weight: number): void {
    if (this.slotsUsed + n > this.basketSlots.length)
      this.basketSlots = grow(this.basketSlots, 2 * (this.slotsUsed + n));
    if (this.baskets === this.basketEnd.length) {
      this.basketEnd = grow(this.basketEnd, 2 * this.baskets);
      this.basketWeight = grow(this.basketWeight, 2 * this.baskets);
    }
    for (let i = 0; i < n; i++) this.basketSlots[this.slotsUsed + i] = slots[i];
    this.slotsUsed += n;
    this.basketEnd[this.baskets] = this.slotsUsed;
    this.basketWeight[this.baskets++] = weight;
  }

  private slot(id: number): number {
    const known = this.slotOf.get(id);
    if (known >= 0) return known;
    const slot = this.slotIds.length;
    this.slotOf.set(id, slot);
    this.slotIds.push(id);
    if (slot >= this.slotCounts.length) {
      const grown = new Float64Array(2 * this.slotCounts.length);
      grown.set(this.slotCounts);
      this.slotCounts = grown;
    }
    return slot;
  }
}

/**
 * Product id → dense slot. Shopify ids are 13-digit integers, which a V8 Map keys as boxed doubles;
 * open addressing over a Float64Array (ids up to 2^53 are exact there) avoids that, and this
 * lookup runs once per order line.
 */
class IdSlots {
  private keys = new Float64Array(1 << 12).fill(-1);
  private values = new Int32Array(1 << 12);
  private size = 0;

  get(id: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let at = hashId(id) & mask;
    for (;;) {
      const key = keys[at];
      if (key === id) return this.values[at];
      if (key === -1) return -1;
      at = (at + 1) & mask;
    }
  }

  set(id: number, slot: number): void {
    if (++this.size > this.keys.length * 0.5) this.grow();
    this.put(id, slot);
  }

  private put(id: number, slot: number): void {
    const mask = this.keys.length - 1;
    let at = hashId(id) & mask;
    while (this.keys[at] !== -1) at = (at + 1) & mask;
    this.keys[at] = id;
    this.values[at] = slot;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(2 * keys.length).fill(-1);
    this.values = new Int32Array(2 * keys.length);
    for (let at = 0; at < keys.length; at++) if (keys[at] !== -1) this.put(keys[at], values[at]);
  }
}

function hashId(id: number): number {
  // Both 32-bit halves, mixed (ids of one shop share their high bits).
  const h = Math.imul((id % 4294967296) | 0, 0x9e3779b1) ^ Math.imul(Math.floor(id / 4294967296) | 0, 0x85ebca6b);
  return h ^ (h >>> 15);
}

function grow<T extends Int32Array | Float64Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}

function clean(value: number): number {
  return Math.abs(value) < ZERO_TOLERANCE ? 0 : value;
}
