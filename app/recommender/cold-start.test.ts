import { describe, expect, it } from "vitest";
import { catalogNeighbours, hasLittleHistory, neighboursWithColdStart, type CatalogProduct } from "./cold-start";
import { PairCounts } from "./pair-counts";
import { buildSimilarityIndex } from "./recommend";

const product = (id: number, productType: string, vendor: string, tags: string[], collectionIds: number[]): CatalogProduct => ({
  id,
  productType,
  vendor,
  tags,
  collectionIds,
});

const CATALOG = [
  product(1, "Shoes", "Acme", ["running", "Summer"], [10, 20]),
  product(2, "shoes ", "Other", [" summer"], [10]),
  product(3, "", "Acme", [], []),
  product(4, "Socks", "Acme", ["running"], [20, 30]),
  product(5, "", "", [], []),
];

describe("catalogNeighbours", () => {
  it("weights shared collections, type, tags and vendor (0.4, 0.3, 0.2, 0.1)", () => {
    const recs = catalogNeighbours(CATALOG[0], CATALOG, { k: 5 });
    // 2: collections 1/2 · 0.4 + type 0.3 + tags 1/2 · 0.2 = 0.6
    // 4: collections 1/3 · 0.4 + tags 1/2 · 0.2 + vendor 0.1 = 0.3333
    // 3: vendor only, 0.1, is below the 0.15 floor; 5 shares nothing
    expect(recs.map((r) => r.id)).toEqual([2, 4]);
    expect(recs[0].score).toBeCloseTo(0.6, 12);
    expect(recs[1].score).toBeCloseTo(0.4 / 3 + 0.1 + 0.1, 12);
  });

  it("says which attributes matched, marked as catalog", () => {
    const [first] = catalogNeighbours(CATALOG[0], CATALOG, { k: 1 });
    expect(first.explanation).toEqual({
      source: "catalog",
      queryItem: 1,
      similarity: "catalog",
      score: first.score,
      matched: { collectionIds: [10], productType: true, vendor: false, tags: ["summer"] },
      ordersTogether: 0,
      support: 0,
      confidence: 0,
      lift: 0,
    });
  });

  it("never matches blank attributes, and breaks ties by id", () => {
    expect(catalogNeighbours(CATALOG[4], CATALOG, { k: 5, minScore: 0 })).toEqual([]);
    expect(catalogNeighbours(CATALOG[2], CATALOG, { k: 5 })).toEqual([]); // vendor alone is not enough
    expect(catalogNeighbours(CATALOG[2], CATALOG, { k: 5, minScore: 0 }).map((r) => [r.id, r.score])).toEqual([
      [1, 0.1],
      [4, 0.1],
    ]);
  });

  it("accepts other weights", () => {
    const recs = catalogNeighbours(CATALOG[0], CATALOG, { k: 5, weights: { collections: 0, productType: 0, tags: 0, vendor: 1 } });
    expect(recs.map((r) => [r.id, r.score])).toEqual([
      [3, 1],
      [4, 1],
    ]);
  });

  it("adds what little history knows about the pair", () => {
    const counts = new PairCounts();
    counts.add([1, 2]);
    counts.add([1]);
    const [first] = catalogNeighbours(CATALOG[0], CATALOG, { k: 1, history: counts.toModel() });
    expect(first.explanation).toMatchObject({ source: "catalog", ordersTogether: 1, support: 0.5, confidence: 0.5, lift: 1 });
  });
});

describe("neighboursWithColdStart", () => {
  const counts = new PairCounts();
  for (let i = 0; i < 6; i++) counts.add([4, 5]);
  counts.add([1, 4]);
  const index = buildSimilarityIndex(counts.toModel(), "confidence", { minPairCount: 1 });

  it("knows which products have too little history (default: fewer than 5 orders)", () => {
    expect(hasLittleHistory(index.model, 4)).toBe(false);
    expect(hasLittleHistory(index.model, 1)).toBe(true);
    expect(hasLittleHistory(index.model, 1, 1)).toBe(false);
    expect(hasLittleHistory(index.model, 99)).toBe(true);
  });

  it("uses history for a product with enough orders", () => {
    const recs = neighboursWithColdStart(index, CATALOG[3], CATALOG, { k: 3 });
    expect(recs.map((r) => [r.id, r.explanation.source])).toEqual([
      [5, "history"],
      [1, "history"],
    ]);
  });

  it("falls back to the catalogue below the minimum", () => {
    const recs = neighboursWithColdStart(index, CATALOG[0], CATALOG, { k: 3 });
    expect(recs.map((r) => [r.id, r.explanation.source])).toEqual([
      [2, "catalog"],
      [4, "catalog"],
    ]);
    expect(recs[1].explanation).toMatchObject({ ordersTogether: 1, confidence: 1 });
  });
});
