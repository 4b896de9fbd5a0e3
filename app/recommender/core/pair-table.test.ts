import { describe, expect, it } from "vitest";
import { PairTable } from "./pair-table";
import { seededRandom } from "./synthetic-baskets";

describe("PairTable", () => {
  it("counts, reads back and forgets pairs", () => {
    const table = new PairTable();
    expect(table.add(1, 2, 1)).toBe(1);
    expect(table.add(1, 2, 2)).toBe(3);
    expect(table.add(2, 7, 0.5)).toBe(0.5);
    expect(table.get(1, 2)).toBe(3);
    expect(table.get(2, 1)).toBe(0); // pairs are ordered (lo, hi) by the caller
    expect(table.size).toBe(2);
    expect(table.add(1, 2, -3)).toBe(0);
    expect(table.get(1, 2)).toBe(0);
    expect(table.size).toBe(1);
  });

  it("drops a count that float rounding leaves a hair above zero", () => {
    const table = new PairTable();
    table.add(0, 1, 0.1);
    table.add(0, 1, 0.2);
    table.add(0, 1, -0.3); // 0.1 + 0.2 − 0.3 = 5.5e-17 in floating point
    expect(table.size).toBe(0);
  });

  it("matches a Map under random adds and removes through many collisions and resizes", () => {
    const random = seededRandom(42);
    const table = new PairTable(16);
    const reference = new Map<string, number>();
    for (let step = 0; step < 20_000; step++) {
      const lo = Math.floor(random() * 40);
      const hi = lo + 1 + Math.floor(random() * 40);
      const key = `${lo},${hi}`;
      const current = reference.get(key) ?? 0;
      const delta = current > 0 && random() < 0.45 ? -current : 1 + Math.floor(random() * 3);
      table.add(lo, hi, delta);
      if (current + delta === 0) reference.delete(key);
      else reference.set(key, current + delta);
    }
    expect(table.size).toBe(reference.size);
    const seen = new Map<string, number>();
    table.forEach((lo, hi, value) => seen.set(`${lo},${hi}`, value));
    expect(seen).toEqual(reference);
    for (const [key, value] of reference) {
      const [lo, hi] = key.split(",").map(Number);
      expect(table.get(lo, hi)).toBe(value);
    }
  });
});
