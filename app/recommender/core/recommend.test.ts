import { describe, expect, it } from "vitest";
import { smallModel } from "./fixtures.test-helpers";
import {
  APP_RELEVANCE,
  backfill,
  buildSimilarityIndex,
  neighbourLists,
  popularityRanking,
  recommendForCart,
  recommendForItem,
  scoreCart,
} from "./recommend";

const model = smallModel();
const byCount = buildSimilarityIndex(model, "count", { minPairCount: 1 });

describe("scoreCart", () => {
  it("ranks one item's neighbours by similarity", () => {
    expect(scoreCart(byCount, [1], { k: 5 })).toEqual([
      { id: 2, score: 3 },
      { id: 3, score: 2 },
    ]);
  });

  it("sums similarities over the cart and never returns a cart item", () => {
    // 3 is with 1 in two orders and with 2 in two orders
    expect(scoreCart(byCount, [1, 2], { k: 5 })).toEqual([{ id: 3, score: 4 }]);
  });

  it("breaks ties by the smaller id", () => {
    expect(scoreCart(byCount, [3], { k: 5 })).toEqual([
      { id: 1, score: 2 },
      { id: 2, score: 2 },
    ]);
  });

  it("cuts at k", () => {
    expect(scoreCart(byCount, [1], { k: 1 })).toEqual([{ id: 2, score: 3 }]);
    expect(scoreCart(byCount, [1], { k: 0 })).toEqual([]);
  });

  it("returns fewer than k when fewer clear the threshold", () => {
    expect(scoreCart(byCount, [1], { k: 5, minScore: 2 })).toEqual([{ id: 2, score: 3 }]);
  });

  it("ignores unknown and repeated cart items", () => {
    expect(scoreCart(byCount, [1, 1, 999], { k: 5 })).toEqual(scoreCart(byCount, [1], { k: 5 }));
    expect(scoreCart(byCount, [999], { k: 5 })).toEqual([]);
    expect(scoreCart(byCount, [], { k: 5 })).toEqual([]);
  });

  it("leaves out pairs seen together fewer than minPairCount times (the app default is 2)", () => {
    expect(APP_RELEVANCE.minPairCount).toBe(2);
    expect(scoreCart(byCount, [4], { k: 5 })).toEqual([{ id: 5, score: 1 }]);
    expect(scoreCart(buildSimilarityIndex(model, "count"), [4], { k: 5 })).toEqual([]);
  });

  it("scores with the default blend: P(b|a) − ½·P(b), summed", () => {
    const index = buildSimilarityIndex(model, undefined, { minPairCount: 1 });
    expect(index.similarity).toBe("blend");
    const [two, three] = scoreCart(index, [1], { k: 5 });
    expect(two.id).toBe(2);
    expect(two.score).toBeCloseTo(3 / 5 - 0.5 * (4 / 8), 12);
    expect(three.id).toBe(3);
    expect(three.score).toBeCloseTo(2 / 5 - 0.5 * (3 / 8), 12);
    const [onlyThree] = scoreCart(index, [1, 2], { k: 5 });
    expect(onlyThree.score).toBeCloseTo(0.2125 + 0.3125, 12);
  });
});

describe("recommendForCart", () => {
  it("explains each item by the cart item whose pair weighs most", () => {
    const index = buildSimilarityIndex(model, "blend", { minPairCount: 1 });
    const [rec] = recommendForCart(index, [1, 2], { k: 3 });
    expect(rec.id).toBe(3);
    expect(rec.score).toBeCloseTo(0.525, 12);
    expect(rec.explanation).toEqual({
      source: "history",
      queryItem: 2, // blend(2→3) = 0.3125 beats blend(1→3) = 0.2125
      similarity: "blend",
      score: rec.score,
      ordersTogether: 2,
      support: 2 / 8,
      confidence: 2 / 4,
      lift: (2 * 8) / (4 * 3),
    });
  });

  it("for one item, explains by that item", () => {
    const [first] = recommendForItem(byCount, 3, { k: 1 });
    expect(first.id).toBe(1);
    expect(first.explanation).toMatchObject({
      queryItem: 3,
      ordersTogether: 2,
      confidence: 2 / 3,
      similarity: "count",
    });
  });
});

describe("neighbourLists", () => {
  it("precomputes every item's top-N in id order with explanations", () => {
    const lists = neighbourLists(byCount, { topN: 1 });
    expect(lists.map(({ id, neighbours }) => [id, neighbours.map((n) => [n.id, n.score])])).toEqual([
      [1, [[2, 3]]],
      [2, [[1, 3]]],
      [3, [[1, 2]]],
      [4, [[5, 1]]],
      [5, [[4, 1]]],
    ]);
    expect(lists[0].neighbours[0].explanation).toMatchObject({ queryItem: 1, ordersTogether: 3, confidence: 3 / 5 });
  });

  it("agrees with recommendForItem", () => {
    const index = buildSimilarityIndex(model, "blend", { minPairCount: 1 });
    for (const { id, neighbours } of neighbourLists(index, { topN: 3 })) {
      expect(neighbours).toEqual(recommendForItem(index, id, { k: 3 }));
    }
  });

  it("applies the threshold, leaving items without a relevant neighbour empty", () => {
    const lists = neighbourLists(byCount, { topN: 3, minScore: 2 });
    expect(lists.map((l) => l.neighbours.length)).toEqual([1, 1, 0, 0, 0]);
  });
});

describe("popularity", () => {
  it("ranks items by orders, ties to the smaller id", () => {
    expect(popularityRanking(model)).toEqual([1, 2, 3, 4, 5]);
  });

  it("backfills a list up to k, skipping excluded and listed items", () => {
    expect(backfill([3], popularityRanking(model), new Set([1]), 3)).toEqual([3, 2, 4]);
    expect(backfill([5, 4, 3], [1, 2], new Set(), 2)).toEqual([5, 4]);
    expect(backfill([], [1, 2], new Set([1, 2]), 3)).toEqual([]);
  });
});
