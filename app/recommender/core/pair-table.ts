/**
 * Hash table from an unordered pair of small integers (lo < hi) to a weighted count.
 * Open addressing with linear probing over typed arrays: about twice as fast as nested Maps
 * for counting, no per-entry objects, and no 2^24-entry ceiling of a single V8 Map.
 */

/** Weighted counts are sums of floats; a remainder this small after removals is rounding, not an order. */
export const ZERO_TOLERANCE = 1e-9;
const EMPTY = -1;
const MAX_LOAD = 0.6;

export class PairTable {
  private los: Int32Array;
  private his: Int32Array;
  private values: Float64Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 12) {
    const capacity = 1 << Math.max(4, Math.ceil(Math.log2(initialCapacity)));
    this.los = new Int32Array(capacity).fill(EMPTY);
    this.his = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(lo: number, hi: number): number {
    const at = this.find(lo, hi);
    return this.los[at] === EMPTY ? 0 : this.values[at];
  }

  /** Adds delta to the pair's count; a count that reaches zero is removed. Returns the new count. */
  add(lo: number, hi: number, delta: number): number {
    const at = this.find(lo, hi);
    if (this.los[at] === EMPTY) {
      if (Math.abs(delta) < ZERO_TOLERANCE) return 0;
      this.los[at] = lo;
      this.his[at] = hi;
      this.values[at] = delta;
      if (++this.count > this.mask * MAX_LOAD) this.resize(2 * (this.mask + 1));
      return delta;
    }
    const next = this.values[at] + delta;
    if (Math.abs(next) < ZERO_TOLERANCE) {
      this.removeAt(at);
      return 0;
    }
    this.values[at] = next;
    return next;
  }

  forEach(visit: (lo: number, hi: number, value: number) => void): void {
    for (let at = 0; at <= this.mask; at++)
      if (this.los[at] !== EMPTY) visit(this.los[at], this.his[at], this.values[at]);
  }

  /** The pair's position, or the empty slot where it would go. */
  private find(lo: number, hi: number): number {
    let at = slotHash(lo, hi) & this.mask;
    while (this.los[at] !== EMPTY && (this.los[at] !== lo || this.his[at] !== hi)) at = (at + 1) & this.mask;
    return at;
  }

  /** Backward-shift deletion: keeps every probe chain unbroken without tombstones. */
  private removeAt(hole: number): void {
    let at = hole;
    for (;;) {
      at = (at + 1) & this.mask;
      if (this.los[at] === EMPTY) break;
      const home = slotHash(this.los[at], this.his[at]) & this.mask;
      // The entry may move into the hole only if its home is not cyclically within (hole, at].
      const homeBetween = hole <= at ? hole < home && home <= at : hole < home || home <= at;
      if (homeBetween) continue;
      this.los[hole] = this.los[at];
      this.his[hole] = this.his[at];
      this.values[hole] = this.values[at];
      hole = at;
    }
    this.los[hole] = EMPTY;
    this.count--;
  }

  private resize(capacity: number): void {
    const { los, his, values } = this;
    this.los = new Int32Array(capacity).fill(EMPTY);
    this.his = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
    for (let from = 0; from < los.length; from++) {
      if (los[from] === EMPTY) continue;
      const at = this.find(los[from], his[from]);
      this.los[at] = los[from];
      this.his[at] = his[from];
      this.values[at] = values[from];
    }
  }
}

/** Integer mix of both halves (multiply-xorshift), so nearby pairs land far apart. */
function slotHash(lo: number, hi: number): number {
  let h = Math.imul(lo, 0x9e3779b1) ^ hi;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
