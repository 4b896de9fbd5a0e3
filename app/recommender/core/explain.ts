import { pairPosition } from "./model";
import type { SimilarityName } from "./similarity";
import type { CooccurrenceModel, ItemId } from "./types";

/** What the order history says about "bought A, then also B". */
export interface PairStats {
  /** Orders containing both (weighted when time decay is on). */
  readonly ordersTogether: number;
  /** ordersTogether / total orders. */
  readonly support: number;
  /** ordersTogether / orders of the query item A: P(B|A). */
  readonly confidence: number;
  /** support / (P(A)·P(B)); 1 means independent, 0 when either item is unseen. */
  readonly lift: number;
}

/** Which catalogue attributes a cold-start neighbour shares with the query product. */
export interface CatalogMatch {
  readonly collectionIds: readonly number[];
  readonly productType: boolean;
  readonly vendor: boolean;
  readonly tags: readonly string[];
}

export interface HistoryExplanation extends PairStats {
  readonly source: "history";
  /** The query item whose pair contributed most to the score (for a cart, the strongest reason). */
  readonly queryItem: ItemId;
  readonly similarity: SimilarityName;
  readonly score: number;
}

export interface CatalogExplanation extends PairStats {
  readonly source: "catalog";
  readonly queryItem: ItemId;
  readonly similarity: "catalog";
  readonly score: number;
  readonly matched: CatalogMatch;
}

export type Explanation = HistoryExplanation | CatalogExplanation;

/** A recommended item with the reason it is shown; score repeats explanation.score for sorting. */
export interface Recommendation {
  readonly id: ItemId;
  readonly score: number;
  readonly explanation: Explanation;
}

/** Counts for the pair (a → b) read from the model; all zero when either item has no history. */
export function pairStats(model: CooccurrenceModel, a: ItemId, b: ItemId): PairStats {
  const ia = model.indexOf.get(a);
  const ib = model.indexOf.get(b);
  if (ia === undefined || ib === undefined || ia === ib)
    return { ordersTogether: 0, support: 0, confidence: 0, lift: 0 };
  const at = pairPosition(model, ia, ib);
  return statsFromCounts(
    at < 0 ? 0 : model.pairCounts[at],
    model.itemCounts[ia],
    model.itemCounts[ib],
    model.totalOrders,
  );
}

export function statsFromCounts(
  ordersTogether: number,
  countA: number,
  countB: number,
  totalOrders: number,
): PairStats {
  if (ordersTogether <= 0 || countA <= 0 || countB <= 0 || totalOrders <= 0) {
    return { ordersTogether: Math.max(0, ordersTogether), support: 0, confidence: 0, lift: 0 };
  }
  return {
    ordersTogether,
    support: ordersTogether / totalOrders,
    confidence: ordersTogether / countA,
    lift: (ordersTogether * totalOrders) / (countA * countB),
  };
}

export function explainHistoryPair(
  model: CooccurrenceModel,
  queryItem: ItemId,
  item: ItemId,
  similarity: SimilarityName,
  score: number,
): HistoryExplanation {
  return { source: "history", queryItem, similarity, score, ...pairStats(model, queryItem, item) };
}
