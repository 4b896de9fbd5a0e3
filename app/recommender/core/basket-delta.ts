import type { ItemId } from "./types";

/**
 * Incremental maintenance of stored co-occurrence counts: what one order adds to the totals, and
 * the difference between two versions of an order, so a store can apply "remove the old
 * contribution, add the new one" as one small delta. Applying an order's successive deltas gives
 * exactly what PairCounts.add gives for its final version (same cap, same dedupe, same weights).
 */

export const DAY_MS = 86_400_000;

/** What one order contributes: its distinct items, ascending, and its weight. */
export interface Contribution {
  readonly items: readonly ItemId[];
  readonly weight: number;
}

/**
 * The items PairCounts.add counts for a basket: distinct, ascending; null (counts nothing) for an
 * empty basket or one with more than maxBasketItems distinct items.
 */
export function basketItems(items: readonly ItemId[], maxBasketItems: number): ItemId[] | null {
  const distinct = [...new Set(items)].sort((a, b) => a - b);
  return distinct.length === 0 || distinct.length > maxBasketItems ? null : distinct;
}

/** The contribution of an order that counts, or null when it adds nothing. */
export function contributionOf(items: readonly ItemId[], weight: number, maxBasketItems: number): Contribution | null {
  const distinct = basketItems(items, maxBasketItems);
  return distinct && weight !== 0 ? { items: distinct, weight } : null;
}

/**
 * An order's weight under SAR-style decay, anchored at a fixed instant instead of "now":
 * 2^((processedAt - anchor) / halfLife). Stored counts keep this anchored weight, so nothing has
 * to be rewritten as time passes; multiplying every count by decayScale(anchor, now) turns them
 * into the usual 2^(-age / halfLife) weights as of now. Without a half-life every order weighs 1.
 */
export function decayWeight(processedAtMs: number, anchorMs: number, halfLifeDays: number | null): number {
  if (halfLifeDays === null) return 1;
  if (!(halfLifeDays > 0)) throw new RangeError("halfLifeDays must be positive");
  return Math.pow(2, (processedAtMs - anchorMs) / (halfLifeDays * DAY_MS));
}

/** Factor from anchored counts to counts weighted by age as of nowMs (1 without a half-life). */
export function decayScale(anchorMs: number, nowMs: number, halfLifeDays: number | null): number {
  return halfLifeDays === null ? 1 : decayWeight(anchorMs, nowMs, halfLifeDays);
}

export interface CountsDelta {
  readonly totalOrders: number;
  /** Ascending by id; no zero deltas. */
  readonly items: readonly { readonly id: ItemId; readonly delta: number }[];
  /** a < b, ascending by (a, b); no zero deltas. */
  readonly pairs: readonly { readonly a: ItemId; readonly b: ItemId; readonly delta: number }[];
}

export const EMPTY_DELTA: CountsDelta = { totalOrders: 0, items: [], pairs: [] };

export function isEmptyDelta(delta: CountsDelta): boolean {
  return delta.totalOrders === 0 && delta.items.length === 0 && delta.pairs.length === 0;
}

/**
 * The change from one contribution of an order to another (either may be null: the order did not
 * count). Items and pairs common to both with the same weight cancel out and are not listed, so
 * adding a line to a large order touches only the new pairs. Sorted, so concurrent writers lock
 * rows in the same order.
 */
export function contributionDelta(before: Contribution | null, after: Contribution | null): CountsDelta {
  const items = new Map<ItemId, number>();
  const pairs = new Map<ItemId, Map<ItemId, number>>();
  let totalOrders = 0;
  const apply = (contribution: Contribution | null, sign: 1 | -1) => {
    if (!contribution) return;
    const weight = sign * contribution.weight;
    const list = contribution.items;
    totalOrders += weight;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      items.set(a, (items.get(a) ?? 0) + weight);
      let row = pairs.get(a);
      if (!row) pairs.set(a, (row = new Map()));
      for (let j = i + 1; j < list.length; j++) row.set(list[j], (row.get(list[j]) ?? 0) + weight);
    }
  };
  apply(before, -1);
  apply(after, 1);

  const itemList = [...items]
    .filter(([, delta]) => delta !== 0)
    .map(([id, delta]) => ({ id, delta }))
    .sort((x, y) => x.id - y.id);
  const pairList: { a: ItemId; b: ItemId; delta: number }[] = [];
  for (const a of [...pairs.keys()].sort((x, y) => x - y)) {
    const row = pairs.get(a)!;
    for (const b of [...row.keys()].sort((x, y) => x - y)) {
      const delta = row.get(b)!;
      if (delta !== 0) pairList.push({ a, b, delta });
    }
  }
  return { totalOrders, items: itemList, pairs: pairList };
}
