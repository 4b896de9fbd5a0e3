import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  basketItems,
  contributionDelta,
  contributionOf,
  decayScale,
  decayWeight,
  isEmptyDelta,
  type Contribution,
  type CountsDelta,
} from "./basket-delta";
import { PairCounts, halfLifeWeight } from "./pair-counts";
import { seededRandom } from "./synthetic-baskets";

/** A store that only ever sees deltas, as Postgres does. */
class DeltaStore {
  total = 0;
  items = new Map<number, number>();
  pairs = new Map<string, number>();
  apply(delta: CountsDelta) {
    this.total += delta.totalOrders;
    for (const { id, delta: d } of delta.items) bump(this.items, id, d);
    for (const { a, b, delta: d } of delta.pairs) bump(this.pairs, `${a}:${b}`, d);
  }
}

function bump<K>(map: Map<K, number>, key: K, delta: number) {
  const next = (map.get(key) ?? 0) + delta;
  if (Math.abs(next) < 1e-9) map.delete(key);
  else map.set(key, next);
}

describe("basketItems / contributionOf", () => {
  it("dedupes and sorts like PairCounts, and drops empty and over-cap baskets", () => {
    expect(basketItems([30, 10, 30, 20], 50)).toEqual([10, 20, 30]);
    expect(basketItems([], 50)).toBeNull();
    expect(basketItems([1, 2, 3, 4], 3)).toBeNull();
    expect(basketItems([1, 2, 3, 3], 3)).toEqual([1, 2, 3]);
    expect(contributionOf([2, 1], 1, 50)).toEqual({ items: [1, 2], weight: 1 });
    expect(contributionOf([2, 1], 0, 50)).toBeNull();
  });
});

describe("contributionDelta", () => {
  it("adds a new order, removes a gone one, and is empty for no change", () => {
    const order: Contribution = { items: [1, 2, 3], weight: 1 };
    const added = contributionDelta(null, order);
    expect(added.totalOrders).toBe(1);
    expect(added.items).toEqual([
      { id: 1, delta: 1 },
      { id: 2, delta: 1 },
      { id: 3, delta: 1 },
    ]);
    expect(added.pairs).toEqual([
      { a: 1, b: 2, delta: 1 },
      { a: 1, b: 3, delta: 1 },
      { a: 2, b: 3, delta: 1 },
    ]);
    expect(contributionDelta(order, null).pairs.map((p) => p.delta)).toEqual([-1, -1, -1]);
    expect(isEmptyDelta(contributionDelta(order, { items: [1, 2, 3], weight: 1 }))).toBe(true);
    expect(isEmptyDelta(contributionDelta(null, null))).toBe(true);
  });

  it("touches only what changed when a line is added", () => {
    const delta = contributionDelta({ items: [1, 2, 3], weight: 1 }, { items: [1, 2, 3, 4], weight: 1 });
    expect(delta.totalOrders).toBe(0);
    expect(delta.items).toEqual([{ id: 4, delta: 1 }]);
    expect(delta.pairs).toEqual([
      { a: 1, b: 4, delta: 1 },
      { a: 2, b: 4, delta: 1 },
      { a: 3, b: 4, delta: 1 },
    ]);
  });

  it("moves everything when the weight changes", () => {
    const delta = contributionDelta({ items: [1, 2], weight: 1 }, { items: [1, 2], weight: 0.5 });
    expect(delta).toEqual({
      totalOrders: -0.5,
      items: [
        { id: 1, delta: -0.5 },
        { id: 2, delta: -0.5 },
      ],
      pairs: [{ a: 1, b: 2, delta: -0.5 }],
    });
  });

  it("lists items and pairs in ascending order (the lock order of the store)", () => {
    const delta = contributionDelta({ items: [5, 9], weight: 1 }, { items: [1, 3, 7], weight: 1 });
    expect(delta.items.map((i) => i.id)).toEqual([1, 3, 5, 7, 9]);
    const keys = delta.pairs.map((p) => [p.a, p.b]);
    expect(keys).toEqual([...keys].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    expect(delta.pairs.every((p) => p.a < p.b)).toBe(true);
  });

  it("after any sequence of versions, the applied deltas equal PairCounts over the final versions", () => {
    const random = seededRandom(7);
    const maxBasketItems = 6;
    const store = new DeltaStore();
    const current = new Map<number, Contribution | null>();
    for (let step = 0; step < 3000; step++) {
      const order = Math.floor(random() * 200);
      const size = Math.floor(random() * 9); // sometimes empty, sometimes over the cap
      const items = Array.from({ length: size }, () => 1 + Math.floor(random() * 40));
      const counts = random() < 0.8; // cancelled, refunded, deleted...
      const weight = random() < 0.5 ? 1 : halfLifeWeight(random() * 90, 30);
      const next = counts ? contributionOf(items, weight, maxBasketItems) : null;
      store.apply(contributionDelta(current.get(order) ?? null, next));
      current.set(order, next);
    }
    const reference = new PairCounts({ maxBasketItems });
    for (const contribution of current.values())
      if (contribution) reference.add(contribution.items, contribution.weight);
    expect(store.total).toBeCloseTo(reference.totalOrders, 9);
    const model = reference.toModel();
    expect(store.items.size).toBe(model.items.length);
    for (const [id, count] of store.items) expect(count).toBeCloseTo(reference.itemCount(id), 9);
    expect(store.pairs.size).toBe(reference.distinctPairs);
    for (const [key, count] of store.pairs) {
      const [a, b] = key.split(":").map(Number);
      expect(count).toBeCloseTo(reference.pairCount(a, b), 9);
    }
  });
});

describe("decay", () => {
  it("weighs an order by its distance from the anchor, one half per half-life", () => {
    const anchor = Date.UTC(2026, 0, 31);
    expect(decayWeight(anchor, anchor, 30)).toBe(1);
    expect(decayWeight(anchor - 30 * DAY_MS, anchor, 30)).toBeCloseTo(0.5, 12);
    expect(decayWeight(anchor + 30 * DAY_MS, anchor, 30)).toBeCloseTo(2, 12);
    expect(decayWeight(anchor - 999 * DAY_MS, anchor, null)).toBe(1);
    expect(() => decayWeight(0, 0, 0)).toThrow(RangeError);
  });

  it("anchored weights scaled to now are the usual SAR weights, whatever the anchor", () => {
    const now = Date.UTC(2026, 5, 1);
    for (const anchor of [Date.UTC(2025, 0, 1), Date.UTC(2026, 3, 1), now]) {
      for (const ageDays of [0, 1, 17.5, 90, 400]) {
        const stored = decayWeight(now - ageDays * DAY_MS, anchor, 30);
        expect(stored * decayScale(anchor, now, 30)).toBeCloseTo(halfLifeWeight(ageDays, 30), 12);
      }
    }
    expect(decayScale(0, now, null)).toBe(1);
  });
});
