import { buildCooccurrenceModel } from "./model";
import { PairTable, ZERO_TOLERANCE } from "./pair-table";
import type { CooccurrenceModel, ItemId } from "./types";

/** Baskets with more distinct items than this are ignored: a 300-line wholesale order would add ~45k pairs of noise. */
export const DEFAULT_MAX_BASKET_ITEMS = 50;

export interface PairCountsOptions {
  maxBasketItems?: number;
}

/** SAR-style time decay: an order ageDays old counts 2^(-ageDays / halfLifeDays). */
export function halfLifeWeight(ageDays: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0)) throw new RangeError("halfLifeDays must be positive");
  return Math.pow(2, -Math.max(0, ageDays) / halfLifeDays);
}

/**
 * In-memory co-occurrence accumulator: per-item order counts, pair counts and total orders,
 * updated one basket at a time (add on a new order, remove on a cancelled or expired one).
 * Items are interned to dense slots (small integers) in order of first sight; each unordered
 * pair is stored once, as (lower slot, higher slot), in a typed-array hash table.
 */
export class PairCounts {
  readonly maxBasketItems: number;
  private readonly slotOf = new Map<ItemId, number>();
  private readonly slotIds: ItemId[] = [];
  private readonly slotCounts: number[] = [];
  private readonly pairs = new PairTable();
  private orders = 0;

  constructor(options: PairCountsOptions = {}) {
    const max = options.maxBasketItems ?? DEFAULT_MAX_BASKET_ITEMS;
    if (!Number.isInteger(max) || max < 1) throw new RangeError("maxBasketItems must be a positive integer");
    this.maxBasketItems = max;
  }

  get totalOrders(): number {
    return this.orders;
  }

  /** Counts one order. Duplicate ids count once. Returns false (and counts nothing) for an empty or over-cap basket. */
  add(items: readonly ItemId[], weight = 1): boolean {
    return this.apply(items, weight);
  }

  /** Undoes add() of the same basket and weight. */
  remove(items: readonly ItemId[], weight = 1): boolean {
    return this.apply(items, -weight);
  }

  itemCount(id: ItemId): number {
    const slot = this.slotOf.get(id);
    return slot === undefined ? 0 : this.slotCounts[slot];
  }

  pairCount(a: ItemId, b: ItemId): number {
    const sa = this.slotOf.get(a);
    const sb = this.slotOf.get(b);
    if (sa === undefined || sb === undefined || sa === sb) return 0;
    const [lo, hi] = sa < sb ? [sa, sb] : [sb, sa];
    return this.pairs.get(lo, hi);
  }

  /** Number of distinct unordered pairs with a non-zero count. */
  get distinctPairs(): number {
    return this.pairs.size;
  }

  /** Freezes the counts into a read-optimised model (both directions of every pair, rows sorted by id). */
  toModel(): CooccurrenceModel {
    return buildCooccurrenceModel(this.orders, this.slotIds, this.slotCounts, this.pairs);
  }

  private apply(items: readonly ItemId[], weight: number): boolean {
    if (!Number.isFinite(weight) || weight === 0) throw new RangeError("weight must be a finite non-zero number");
    const slots = this.distinctSlots(items, weight > 0);
    if (slots === null) return false;
    this.orders = clean(this.orders + weight);
    for (let i = 0; i < slots.length; i++) {
      const lo = slots[i];
      this.slotCounts[lo] = clean(this.slotCounts[lo] + weight);
      for (let j = i + 1; j < slots.length; j++) this.pairs.add(lo, slots[j], weight);
    }
    return true;
  }

  /** Sorted distinct slots of a basket, or null when it is to be ignored. Removal never creates slots. */
  private distinctSlots(items: readonly ItemId[], create: boolean): Int32Array | null {
    const unique = new Set(items);
    if (unique.size === 0 || unique.size > this.maxBasketItems) return null;
    const slots = new Int32Array(unique.size);
    let n = 0;
    for (const id of unique) {
      let slot = this.slotOf.get(id);
      if (slot === undefined) {
        if (!create) throw new RangeError(`cannot remove a basket with unseen item ${id}`);
        slot = this.slotIds.length;
        this.slotOf.set(id, slot);
        this.slotIds.push(id);
        this.slotCounts.push(0);
      }
      slots[n++] = slot;
    }
    return slots.sort();
  }
}

function clean(value: number): number {
  return Math.abs(value) < ZERO_TOLERANCE ? 0 : value;
}
