import { describe, expect, it } from "vitest";
import { explainHistoryPair, pairStats, statsFromCounts } from "./explain";
import { smallModel } from "./fixtures.test-helpers";

const model = smallModel();

describe("pairStats", () => {
  it("reads orders together, support, confidence and lift for a → b", () => {
    expect(pairStats(model, 1, 2)).toEqual({
      ordersTogether: 3,
      support: 3 / 8,
      confidence: 3 / 5,
      lift: (3 * 8) / (5 * 4),
    });
  });

  it("takes confidence from the query item's side", () => {
    expect(pairStats(model, 2, 1).confidence).toBe(3 / 4);
  });

  it("is all zero for pairs never bought together and for unknown items", () => {
    const zero = { ordersTogether: 0, support: 0, confidence: 0, lift: 0 };
    expect(pairStats(model, 1, 4)).toEqual(zero);
    expect(pairStats(model, 1, 999)).toEqual(zero);
    expect(pairStats(model, 1, 1)).toEqual(zero);
  });
});

describe("statsFromCounts", () => {
  it("computes the ratios from raw counts", () => {
    expect(statsFromCounts(2, 4, 5, 20)).toEqual({ ordersTogether: 2, support: 0.1, confidence: 0.5, lift: 2 });
  });

  it("guards against empty history", () => {
    expect(statsFromCounts(0, 0, 0, 0)).toEqual({ ordersTogether: 0, support: 0, confidence: 0, lift: 0 });
  });
});

describe("explainHistoryPair", () => {
  it("carries the pair's stats, the score, the measure and the source", () => {
    expect(explainHistoryPair(model, 3, 2, "cosine", 0.577)).toEqual({
      source: "history",
      queryItem: 3,
      similarity: "cosine",
      score: 0.577,
      ordersTogether: 2,
      support: 2 / 8,
      confidence: 2 / 3,
      lift: (2 * 8) / (3 * 4),
    });
  });
});
