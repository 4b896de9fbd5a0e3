import { describe, expect, it } from "vitest";
import { PairCounts } from "./pair-counts";
import { PairRowCounter, type PairRows } from "./pair-rows";
import { seededRandom } from "./synthetic-baskets";

/** Every (a, b, together) of the rows, a < b by id. */
function triples(rows: PairRows): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let a = 0; a < rows.items.length; a++) {
    for (let j = rows.rowStart[a]; j < rows.rowStart[a + 1]; j++)
      out.push([rows.items[a], rows.items[rows.partners[j]], rows.together[j]]);
  }
  return out;
}

function counterOf(baskets: number[][], weights: number[], cap: number): PairRowCounter {
  const flat = baskets.flat();
  const counter = new PairRowCounter(cap);
  let start = 0;
  baskets.forEach((basket, i) => {
    counter.add(flat, start, start + basket.length, weights[i]);
    start += basket.length;
  });
  return counter;
}

describe("PairRowCounter", () => {
  it("gives one row per product, partners above it in id order, each pair once", () => {
    const rows = counterOf([[30, 10, 20], [20, 10, 10], [30], [40, 50, 60, 70]], [1, 1, 1, 1], 3).rows();
    expect(rows.items).toEqual([10, 20, 30]); // the 4-product basket is over the cap of 3
    expect([...rows.itemCounts]).toEqual([2, 2, 2]);
    expect(rows.totalOrders).toBe(3);
    expect(triples(rows)).toEqual([
      [10, 20, 2],
      [10, 30, 1],
      [20, 30, 1],
    ]);
    expect([...rows.rowStart]).toEqual([0, 2, 3, 3]);
  });

  it("ignores empty baskets and rejects non-positive weights", () => {
    const counter = new PairRowCounter();
    expect(counter.add([1, 2], 1, 1)).toBe(false);
    expect(() => counter.add([1, 2], 0, 2, 0)).toThrow(RangeError);
    expect(counter.rows().items).toEqual([]);
  });

  it("agrees with PairCounts on random weighted baskets, duplicates and caps included", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const cap = 1 + Math.floor(random() * 8);
      const baskets = Array.from({ length: 400 }, () =>
        Array.from({ length: Math.floor(random() * 11) }, () => 8_000_000_000_000 + Math.floor(random() * 40)),
      );
      const weights = baskets.map(() => (random() < 0.5 ? 1 : Math.pow(2, -random() * 8)));
      const reference = new PairCounts({ maxBasketItems: cap });
      baskets.forEach((basket, i) => reference.add(basket, weights[i]));
      const model = reference.toModel();
      const rows = counterOf(baskets, weights, cap).rows();

      expect(rows.items).toEqual(model.items);
      expect([...rows.itemCounts]).toEqual([...model.itemCounts]);
      expect(rows.totalOrders).toBe(reference.totalOrders);
      const expected: [number, number, number][] = [];
      for (let a = 0; a < model.items.length; a++) {
        for (let j = model.rowStart[a]; j < model.rowStart[a + 1]; j++) {
          if (model.partners[j] > a)
            expected.push([model.items[a], model.items[model.partners[j]], model.pairCounts[j]]);
        }
      }
      expect(triples(rows)).toEqual(expected);
    }
  });
});
