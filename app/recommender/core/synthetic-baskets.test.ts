import { describe, expect, it } from "vitest";
import { PairCounts } from "./pair-counts";
import { buildSimilarityIndex, neighbourLists } from "./recommend";
import { seededRandom, syntheticBaskets, type SyntheticBasketOptions } from "./synthetic-baskets";

const FIRST_ID = 8_000_000_000_000;
const OPTIONS: SyntheticBasketOptions = {
  seed: 1,
  products: 200,
  orders: 5000,
  complementGroups: 20,
  groupShare: 0.5,
  meanExtraItems: 2,
  zipfExponent: 1,
  firstId: FIRST_ID,
};

describe("seededRandom", () => {
  it("repeats for a seed and stays in [0, 1)", () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(seededRandom(4)()).not.toBe(seededRandom(3)());
  });
});

describe("syntheticBaskets", () => {
  const data = syntheticBaskets(OPTIONS);

  it("is deterministic for a seed", () => {
    expect(syntheticBaskets(OPTIONS)).toEqual(data);
    expect(syntheticBaskets({ ...OPTIONS, seed: 2 }).orders).not.toEqual(data.orders);
  });

  it("makes the requested orders of distinct, in-range products, and groups of 2 to 4", () => {
    expect(data.orders).toHaveLength(5000);
    for (const basket of data.orders) {
      expect(new Set(basket).size).toBe(basket.length);
      for (const id of basket) expect(id - FIRST_ID).toBeGreaterThanOrEqual(0);
      for (const id of basket) expect(id - FIRST_ID).toBeLessThan(200);
    }
    expect(data.complementGroups).toHaveLength(20);
    for (const group of data.complementGroups) expect(group.length).toBeGreaterThanOrEqual(2);
    for (const group of data.complementGroups) expect(group.length).toBeLessThanOrEqual(4);
  });

  it("plants complements the default recommender finds: most group members' first neighbour is a groupmate", () => {
    const counts = new PairCounts();
    for (const basket of data.orders) counts.add(basket);
    const lists = new Map(
      neighbourLists(buildSimilarityIndex(counts.toModel()), { topN: 1 }).map((l) => [l.id, l.neighbours]),
    );
    let members = 0;
    let found = 0;
    for (const group of data.complementGroups) {
      for (const id of group) {
        members++;
        const first = lists.get(id)?.[0]?.id;
        if (first !== undefined && group.includes(first)) found++;
      }
    }
    expect(found / members).toBeGreaterThan(0.85);
  });
});
