import { describe, expect, it } from "vitest";
import { pairPosition } from "./model";
import { DEFAULT_MAX_BASKET_ITEMS, PairCounts, halfLifeWeight } from "./pair-counts";
import { seededRandom } from "./synthetic-baskets";

describe("PairCounts", () => {
  it("counts orders, items and each unordered pair once", () => {
    const counts = new PairCounts();
    counts.add([10, 20, 30]);
    counts.add([20, 10]);
    counts.add([30]);
    expect(counts.totalOrders).toBe(3);
    expect([counts.itemCount(10), counts.itemCount(20), counts.itemCount(30), counts.itemCount(99)]).toEqual([
      2, 2, 2, 0,
    ]);
    expect(counts.pairCount(10, 20)).toBe(2);
    expect(counts.pairCount(20, 10)).toBe(2);
    expect(counts.pairCount(10, 30)).toBe(1);
    expect(counts.pairCount(20, 30)).toBe(1);
    expect(counts.pairCount(10, 10)).toBe(0);
    expect(counts.distinctPairs).toBe(3);
  });

  it("counts an item listed twice in a basket once", () => {
    const counts = new PairCounts();
    counts.add([5, 5, 6, 5]);
    expect(counts.itemCount(5)).toBe(1);
    expect(counts.pairCount(5, 6)).toBe(1);
  });

  it("ignores empty baskets and baskets over the cap (default 50)", () => {
    expect(DEFAULT_MAX_BASKET_ITEMS).toBe(50);
    const counts = new PairCounts({ maxBasketItems: 3 });
    expect(counts.add([])).toBe(false);
    expect(counts.add([1, 2, 3, 4])).toBe(false);
    expect(counts.add([1, 2, 3, 3])).toBe(true); // 3 distinct
    expect(counts.totalOrders).toBe(1);
    expect(counts.itemCount(4)).toBe(0);
    expect(() => new PairCounts({ maxBasketItems: 0 })).toThrow(RangeError);
  });

  it("remove undoes add, down to nothing", () => {
    const counts = new PairCounts();
    counts.add([1, 2, 3]);
    counts.add([1, 2]);
    counts.remove([1, 2, 3]);
    expect(counts.totalOrders).toBe(1);
    expect(counts.pairCount(1, 2)).toBe(1);
    expect(counts.pairCount(1, 3)).toBe(0);
    expect(counts.itemCount(3)).toBe(0);
    counts.remove([2, 1]);
    expect(counts.totalOrders).toBe(0);
    expect(counts.distinctPairs).toBe(0);
    expect(counts.toModel().items).toEqual([]);
  });

  it("refuses to remove a basket with an item it never saw, changing nothing", () => {
    const counts = new PairCounts();
    counts.add([1, 2]);
    expect(() => counts.remove([1, 9])).toThrow(RangeError);
    expect(counts.pairCount(1, 2)).toBe(1);
    expect(counts.totalOrders).toBe(1);
  });

  it("weights baskets (time decay) and removes weighted baskets exactly", () => {
    const counts = new PairCounts();
    counts.add([1, 2], halfLifeWeight(30, 30)); // 0.5
    counts.add([1, 2], halfLifeWeight(0, 30)); // 1
    counts.add([1, 3], halfLifeWeight(60, 30)); // 0.25
    expect(counts.totalOrders).toBeCloseTo(1.75, 12);
    expect(counts.pairCount(1, 2)).toBeCloseTo(1.5, 12);
    expect(counts.itemCount(1)).toBeCloseTo(1.75, 12);
    counts.remove([1, 3], 0.25);
    expect(counts.pairCount(1, 3)).toBe(0);
    expect(() => counts.add([1], 0)).toThrow(RangeError);
  });

  it("halfLifeWeight halves per half-life and never exceeds 1", () => {
    expect(halfLifeWeight(0, 14)).toBe(1);
    expect(halfLifeWeight(14, 14)).toBe(0.5);
    expect(halfLifeWeight(42, 14)).toBe(0.125);
    expect(halfLifeWeight(-3, 14)).toBe(1);
    expect(() => halfLifeWeight(1, 0)).toThrow(RangeError);
  });

  it("freezes into a CSR model with both directions, rows and items sorted by id", () => {
    const counts = new PairCounts();
    counts.add([300, 100]);
    counts.add([100, 200, 300]);
    counts.add([8_000_000_000_001, 100]); // Shopify-sized ids stay exact
    const model = counts.toModel();
    expect(model.totalOrders).toBe(3);
    expect(model.items).toEqual([100, 200, 300, 8_000_000_000_001]);
    expect([...model.itemCounts]).toEqual([3, 1, 2, 1]);
    expect([...model.rowStart]).toEqual([0, 3, 5, 7, 8]);
    expect([...model.partners]).toEqual([1, 2, 3, 0, 2, 0, 1, 0]);
    expect([...model.pairCounts]).toEqual([1, 2, 1, 1, 1, 2, 1, 1]);
    expect(model.indexOf.get(300)).toBe(2);
    expect(model.pairCounts[pairPosition(model, 2, 0)]).toBe(2);
    expect(pairPosition(model, 1, 3)).toBe(-1);
  });

  it("agrees with a naive recount after a random mix of adds and removes", () => {
    const random = seededRandom(7);
    const counts = new PairCounts({ maxBasketItems: 6 });
    const live: number[][] = [];
    for (let step = 0; step < 3000; step++) {
      if (live.length > 0 && random() < 0.3) {
        const [basket] = live.splice(Math.floor(random() * live.length), 1);
        counts.remove(basket);
      } else {
        const basket = Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 30));
        if (counts.add(basket)) live.push(basket);
      }
    }
    const model = counts.toModel();
    const naivePair = (a: number, b: number) => live.filter((x) => x.includes(a) && x.includes(b)).length;
    expect(model.totalOrders).toBe(live.length);
    for (let i = 0; i < model.items.length; i++) {
      expect(model.itemCounts[i]).toBe(live.filter((x) => x.includes(model.items[i])).length);
      for (let j = model.rowStart[i]; j < model.rowStart[i + 1]; j++) {
        expect(model.pairCounts[j]).toBe(naivePair(model.items[i], model.items[model.partners[j]]));
      }
    }
    let pairs = 0;
    for (let a = 1; a <= 30; a++) for (let b = a + 1; b <= 30; b++) if (naivePair(a, b) > 0) pairs++;
    expect(model.partners.length).toBe(2 * pairs);
  });
});
