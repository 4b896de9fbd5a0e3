import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, splitInOrder } from "./evaluate";

describe("splitInOrder", () => {
  it("trains on the first 80% (rounded down) and tests on the rest, in order", () => {
    expect(splitInOrder([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ train: [1, 2, 3, 4, 5, 6, 7, 8], test: [9, 10] });
    expect(splitInOrder([1, 2, 3, 4, 5, 6, 7])).toEqual({ train: [1, 2, 3, 4, 5], test: [6, 7] });
  });
});

describe("evaluate (hand-computed)", () => {
  // Train: 1 in 5 orders, 2 and 5 in 3, 3 and 4 in 2; pairs {1,2} 3, {3,4} 2, {1,5} 2.
  // Popularity: 1, 2, 5, 3, 4. Test: [3, 4, 9] gives 3 trials; [2] has one product, so none.
  const orders = [[1, 2], [1, 2], [1, 2], [3, 4], [3, 4], [1, 5], [1, 5], [5], [3, 4, 9], [2]];

  it("counts hits, ranks and coverage for the recommender and the popularity baseline", () => {
    const report = evaluate(orders, { k: 2, similarity: "count" });
    // hide 3 → [4, 9] → 4's neighbour 3, backfilled with 1: [3, 1], hit at 1
    // hide 4 → [3, 9] → [4, 1], hit at 1
    // hide 9 → [3, 4] → no candidates, popularity [1, 2]: miss (9 was never sold in train)
    expect(report).toEqual({
      k: 2,
      trials: 3,
      recommender: { hr: 2 / 3, ndcg: 2 / 3, coverage: 4 / 5 }, // shown 3, 1, 4, 2 of 5 catalogue items
      popularity: { hr: 0, ndcg: 0, coverage: 2 / 5 }, // always [1, 2]
    });
  });

  it("discounts a hit at rank r by 1/log2(r + 1)", () => {
    const report = evaluate(
      [
        [1, 2],
        [1, 2],
        [3, 4],
        [1, 3],
        [2, 3, 4],
      ],
      { k: 2, similarity: "count" },
    );
    // Train [[1,2],[1,2],[3,4],[1,3]]; every trial on [2, 3, 4] hits at rank 2 behind item 1.
    expect(report.trials).toBe(3);
    expect(report.recommender.hr).toBe(1);
    expect(report.recommender.ndcg).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it("uses the default measure when none is named", () => {
    expect(evaluate(orders, { k: 2 })).toEqual(evaluate(orders, { k: 2, similarity: "blend" }));
  });
});

const GROCERIES = new URL("../../../../shared/data/groceries-orders.csv", import.meta.url);
const haveGroceries = existsSync(GROCERIES);

describe("evaluate on ../shared/data/groceries-orders.csv (reference figures)", () => {
  const load = (): number[][] => {
    const ids = new Map<string, number>();
    const orders = new Map<string, number[]>();
    for (const line of readFileSync(GROCERIES, "utf8").trim().split("\n").slice(1)) {
      const [order, product] = line.split(",");
      if (!ids.has(product)) ids.set(product, ids.size);
      const basket = orders.get(order) ?? [];
      basket.push(ids.get(product) as number);
      orders.set(order, basket);
    }
    return [...orders.values()];
  };

  it.skipIf(!haveGroceries)(
    "reproduces the README figures, and the default beats confidence (needs ../shared/data; skipped without it)",
    () => {
      const orders = load();
      const hr = (similarity: "count" | "confidence" | "cosine" | "jaccard" | "llr" | "blend") =>
        evaluate(orders, { k: 10, similarity }).recommender.hr;
      const report = evaluate(orders, { k: 10, similarity: "count" });
      expect(report.trials).toBe(8332);
      expect(report.popularity.hr).toBeCloseTo(0.373, 3);
      expect(report.recommender.hr).toBeCloseTo(0.3898, 3);
      expect(hr("confidence")).toBeCloseTo(0.3928, 3);
      expect(hr("cosine")).toBeCloseTo(0.3905, 3);
      expect(hr("jaccard")).toBeCloseTo(0.3841, 3);
      expect(hr("llr")).toBeCloseTo(0.3406, 3);
      expect(hr("blend")).toBeGreaterThan(0.3928);
    },
  );
});
