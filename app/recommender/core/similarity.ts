/**
 * Pairwise similarity measures: how strongly buying A (the query item) suggests B.
 * Each is a pure function of the pair's joint order count, each item's order count and the
 * total number of orders (all may be fractional after time decay). Inputs outside
 * 0 < pairCount <= min(countA, countB) score 0.
 */

export interface SimilarityOptions {
  /** Minimum joint orders before a ratio measure (lift) trusts the pair. */
  minSupport?: number;
}

export type Similarity = (
  pairCount: number,
  countA: number,
  countB: number,
  totalOrders: number,
  options?: SimilarityOptions,
) => number;

/** The chi-square rule of thumb: a ratio built on fewer than 5 joint observations is noise. */
export const DEFAULT_MIN_SUPPORT = 5;

function valid(pairCount: number, countA: number, countB: number): boolean {
  return pairCount > 0 && countA > 0 && countB > 0;
}

/** Orders together. Favours popular items: bestsellers co-occur with everything. */
export const count: Similarity = (pairCount, countA, countB) => (valid(pairCount, countA, countB) ? pairCount : 0);

/** P(B|A) = together / orders of A. Asymmetric; still leans to popular B, but fairly per query item. */
export const confidence: Similarity = (pairCount, countA, countB) =>
  valid(pairCount, countA, countB) ? pairCount / countA : 0;

/** together / sqrt(ordersA · ordersB). Symmetric; discounts popularity of both sides by half. */
export const cosine: Similarity = (pairCount, countA, countB) =>
  valid(pairCount, countA, countB) ? pairCount / Math.sqrt(countA * countB) : 0;

/** together / orders with either. Symmetric; between count and lift in its popularity bias. */
export const jaccard: Similarity = (pairCount, countA, countB) =>
  valid(pairCount, countA, countB) ? pairCount / (countA + countB - pairCount) : 0;

/** P(A,B) / (P(A)·P(B)), 0 below minSupport. Symmetric; favours rare items, hence the support floor. */
export const lift: Similarity = (pairCount, countA, countB, totalOrders, options = {}) => {
  if (!valid(pairCount, countA, countB) || totalOrders <= 0) return 0;
  if (pairCount < (options.minSupport ?? DEFAULT_MIN_SUPPORT)) return 0;
  return (pairCount * totalOrders) / (countA * countB);
};

const xLogX = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/**
 * Dunning's log-likelihood ratio (G²) of the 2×2 order table, 0 unless the pair co-occurs
 * more often than independence predicts. Symmetric; measures how sure, not how strong,
 * so it ranks well-observed pairs of popular items first.
 */
export const llr: Similarity = (pairCount, countA, countB, totalOrders) => {
  if (!valid(pairCount, countA, countB)) return 0;
  if (pairCount * totalOrders <= countA * countB) return 0;
  if (countA > countB) return llr(pairCount, countB, countA, totalOrders); // same float path both ways
  const k11 = pairCount;
  const k12 = countA - pairCount;
  const k21 = countB - pairCount;
  const k22 = totalOrders - countA - countB + pairCount;
  if (k12 < 0 || k21 < 0 || k22 < 0) return 0;
  const cells = xLogX(k11) + xLogX(k12) + xLogX(k21) + xLogX(k22);
  const margins = xLogX(countA) + xLogX(totalOrders - countA) + xLogX(countB) + xLogX(totalOrders - countB);
  return Math.max(0, 2 * (cells - margins + xLogX(totalOrders)));
};

/**
 * ½·confidence + ½·added value = P(B|A) − ½·P(B), floored at 0. Asymmetric. Confidence alone
 * keeps recommending bestsellers; added value P(B|A) − P(B) removes popularity entirely and
 * drifts to rare items; the midpoint keeps the items people buy while discounting the part
 * of the signal that is mere popularity. No tuned constants (see docs/decisions/005).
 */
export const blend: Similarity = (pairCount, countA, countB, totalOrders) => {
  if (!valid(pairCount, countA, countB) || totalOrders <= 0) return 0;
  return Math.max(0, pairCount / countA - (0.5 * countB) / totalOrders);
};

export interface SimilarityMeasure {
  readonly score: Similarity;
  /** score(p, a, b, n) === score(p, b, a, n) for every input. */
  readonly symmetric: boolean;
}

export const SIMILARITIES = {
  count: { score: count, symmetric: true },
  confidence: { score: confidence, symmetric: false },
  cosine: { score: cosine, symmetric: true },
  jaccard: { score: jaccard, symmetric: true },
  lift: { score: lift, symmetric: true },
  llr: { score: llr, symmetric: true },
  blend: { score: blend, symmetric: false },
} as const satisfies Record<string, SimilarityMeasure>;

export type SimilarityName = keyof typeof SIMILARITIES;

export const SIMILARITY_NAMES = Object.keys(SIMILARITIES) as [SimilarityName, ...SimilarityName[]];

/** The measure the app and the evaluation use unless told otherwise (docs/decisions/005). */
export const DEFAULT_SIMILARITY: SimilarityName = "blend";

export function isSimilarityName(name: string): name is SimilarityName {
  return Object.hasOwn(SIMILARITIES, name);
}
