import { describe, expect, it } from "vitest";
import { catalogNeighbours, hasLittleHistory, neighboursWithColdStart, type CatalogProduct } from "./cold-start";
import { PairCounts } from "./pair-counts";
import { buildSimilarityIndex } from "./recommend";

const product = (
  id: number,
  productType: string,
  vendor: string,
  tags: string[],
  collectionIds: number[],
): CatalogProduct => ({
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
    const recs = catalogNeighbours(CATALOG[0], CATALOG, {
      k: 5,
      weights: { collections: 0, productType: 0, tags: 0, vendor: 1 },
    });
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
    expect(first.explanation).toMatchObject({
      source: "catalog",
      ordersTogether: 1,
      support: 0.5,
      confidence: 0.5,
      lift: 1,
    });
  });
});

describe("catalogNeighbours over a frozen catalogue (as serving holds one)", () => {
  /** 300 products with random attributes from small vocabularies, so that many overlap. */
  function randomCatalog(seed: number): CatalogProduct[] {
    let state = seed;
    const next = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
    const pick = <T>(values: T[], count: number) => Array.from({ length: count }, () => values[next(values.length)]);
    return Array.from({ length: 300 }, (_, i) =>
      product(
        i + 1,
        pick(["Shoes", "shoes", "Socks", ""], 1)[0],
        pick(["Acme", "Other", ""], 1)[0],
        pick(["a", "B", " b", "c", "d"], next(4)),
        pick([1, 2, 3, 4, 5, 6], next(4)),
      ),
    );
  }
  const frozen = (catalog: CatalogProduct[]) =>
    Object.freeze(
      catalog.map((p) =>
        Object.freeze({ ...p, tags: Object.freeze([...p.tags]), collectionIds: Object.freeze([...p.collectionIds]) }),
      ),
    );

  it("gives exactly what a plain catalogue gives, on the first scan and every later one", () => {
    for (const seed of [1, 2, 3]) {
      const plain = randomCatalog(seed);
      const held = frozen(plain);
      for (const index of [0, 7, 150, 299]) {
        const expected = catalogNeighbours(plain[index], plain, { k: 20, minScore: 0 });
        expect(expected.length).toBeGreaterThan(0);
        expect(catalogNeighbours(held[index], held, { k: 20, minScore: 0 })).toEqual(expected);
        expect(catalogNeighbours(held[index], held, { k: 20, minScore: 0 })).toEqual(expected);
      }
    }
  });

  it("never keeps the attributes of a product that may still change", () => {
    const catalog = randomCatalog(4).map((p) => ({ ...p, tags: [...p.tags] }));
    const before = catalogNeighbours(catalog[0], catalog, { k: 300, minScore: 0 });
    catalog[1].tags.push("only-these-two");
    catalog[0].tags.push("only-these-two");
    const after = catalogNeighbours(catalog[0], catalog, { k: 300, minScore: 0 });
    expect(after.find((r) => r.id === catalog[1].id)!.explanation).toMatchObject({
      matched: { tags: expect.arrayContaining(["only-these-two"]) },
    });
    expect(after).not.toEqual(before);
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
