import { pairStats, statsFromCounts, type CatalogMatch, type Recommendation } from "./explain";
import { recommendForItem, type SimilarityIndex } from "./recommend";
import type { CooccurrenceModel, ItemId } from "./types";

/** The catalogue attributes cold start compares; plain data, as read from the Admin API. */
export interface CatalogProduct {
  readonly id: ItemId;
  readonly productType: string;
  readonly vendor: string;
  readonly tags: readonly string[];
  readonly collectionIds: readonly number[];
}

/**
 * How much each kind of shared attribute says about a complement. A shared collection is a
 * merchant's own grouping and the strongest hint; a vendor is weakest (in a one-brand shop
 * every product shares it). Weights sum to 1, so a score is a share of the best possible match.
 */
export interface CatalogWeights {
  readonly collections: number;
  readonly productType: number;
  readonly tags: number;
  readonly vendor: number;
}

export const DEFAULT_CATALOG_WEIGHTS: CatalogWeights = { collections: 0.4, productType: 0.3, tags: 0.2, vendor: 0.1 };

/** Below this a product's own orders are too few to trust its pairs; its neighbours come from the catalogue. */
export const DEFAULT_MIN_HISTORY_ORDERS = 5;

/** Above the vendor weight alone: "same brand" is not enough reason for an offer. */
export const DEFAULT_MIN_CATALOG_SCORE = 0.15;

export interface CatalogNeighbourOptions {
  k: number;
  minScore?: number;
  weights?: CatalogWeights;
  /** When given, explanations carry what little the order history knows about each pair. */
  history?: CooccurrenceModel;
}

/**
 * Products most like `product` by shared attributes. Collections and tags score by overlap
 * (Jaccard: shared / either) so one common tag among twenty counts little; type and vendor
 * match or not (blank never matches). Ties go to the smaller id.
 */
export function catalogNeighbours(
  product: CatalogProduct,
  catalog: readonly CatalogProduct[],
  options: CatalogNeighbourOptions,
): Recommendation[] {
  const weights = options.weights ?? DEFAULT_CATALOG_WEIGHTS;
  const minScore = options.minScore ?? DEFAULT_MIN_CATALOG_SCORE;
  const own = attributesOf(product);
  const scored: { other: CatalogProduct; score: number; matched: CatalogMatch }[] = [];
  // Scores first, without allocating: this runs over a whole catalogue per cold product, and the
  // storefront waits for it. Only a product that scores gets its matched attributes listed.
  for (const other of catalog) {
    if (other.id === product.id) continue;
    const theirs = attributesOf(other);
    const sharedCollections = countShared(own.collections, theirs.collections);
    const sharedTags = countShared(own.tags, theirs.tags);
    const sameType = own.productType !== "" && own.productType === theirs.productType;
    const sameVendor = own.vendor !== "" && own.vendor === theirs.vendor;
    const score =
      weights.collections * overlap(sharedCollections, own.collections.size, theirs.collections.size) +
      weights.productType * Number(sameType) +
      weights.tags * overlap(sharedTags, own.tags.size, theirs.tags.size) +
      weights.vendor * Number(sameVendor);
    if (!(score > minScore)) continue;
    const matched: CatalogMatch = {
      collectionIds: shared(own.collections, theirs.collections).sort((a, b) => a - b),
      productType: sameType,
      vendor: sameVendor,
      tags: shared(own.tags, theirs.tags).sort(),
    };
    scored.push({ other, score, matched });
  }
  scored.sort((a, b) => b.score - a.score || a.other.id - b.other.id);
  return scored.slice(0, Math.max(0, options.k)).map(({ other, score, matched }) => ({
    id: other.id,
    score,
    explanation: {
      source: "catalog",
      queryItem: product.id,
      similarity: "catalog",
      score,
      matched,
      ...(options.history ? pairStats(options.history, product.id, other.id) : statsFromCounts(0, 0, 0, 0)),
    },
  }));
}

export function hasLittleHistory(
  model: CooccurrenceModel,
  id: ItemId,
  minOrders = DEFAULT_MIN_HISTORY_ORDERS,
): boolean {
  const index = model.indexOf.get(id);
  return index === undefined || model.itemCounts[index] < minOrders;
}

/**
 * A product's neighbours from history when it has enough orders, otherwise from the catalogue
 * (explanations say which, via source).
 */
export function neighboursWithColdStart(
  index: SimilarityIndex,
  product: CatalogProduct,
  catalog: readonly CatalogProduct[],
  options: { k: number; minOrders?: number; minScore?: number; minCatalogScore?: number; weights?: CatalogWeights },
): Recommendation[] {
  if (!hasLittleHistory(index.model, product.id, options.minOrders)) {
    return recommendForItem(index, product.id, { k: options.k, minScore: options.minScore });
  }
  return catalogNeighbours(product, catalog, {
    k: options.k,
    minScore: options.minCatalogScore,
    weights: options.weights,
    history: index.model,
  });
}

interface NormalisedAttributes {
  collections: Set<number>;
  tags: Set<string>;
  productType: string;
  vendor: string;
}

// Shopify tags and types are free text: "Summer " and "summer" are the same tag to a merchant.
const normalise = (text: string): string => text.trim().toLowerCase();

// A product's normalised attributes, kept with a frozen product (a catalogue held by the serving
// code and scanned once per cold product): built once instead of once per scan. A product that is
// not frozen may still change, so its attributes are built each time.
const attributesOfFrozen = new WeakMap<CatalogProduct, NormalisedAttributes>();

function attributesOf(product: CatalogProduct): NormalisedAttributes {
  if (!Object.isFrozen(product) || !Object.isFrozen(product.tags) || !Object.isFrozen(product.collectionIds))
    return normalisedAttributes(product);
  let attributes = attributesOfFrozen.get(product);
  if (!attributes) {
    attributes = normalisedAttributes(product);
    attributesOfFrozen.set(product, attributes);
  }
  return attributes;
}

function normalisedAttributes(product: CatalogProduct): NormalisedAttributes {
  return {
    collections: new Set(product.collectionIds),
    tags: new Set(product.tags.map(normalise).filter((tag) => tag !== "")),
    productType: normalise(product.productType),
    vendor: normalise(product.vendor),
  };
}

function countShared<T>(mine: ReadonlySet<T>, theirs: ReadonlySet<T>): number {
  if (mine.size === 0 || theirs.size === 0) return 0;
  let count = 0;
  for (const value of mine) if (theirs.has(value)) count += 1;
  return count;
}

function shared<T>(mine: ReadonlySet<T>, theirs: ReadonlySet<T>): T[] {
  return [...mine].filter((value) => theirs.has(value));
}

function overlap(sharedCount: number, sizeA: number, sizeB: number): number {
  const either = sizeA + sizeB - sharedCount;
  return either === 0 ? 0 : sharedCount / either;
}
