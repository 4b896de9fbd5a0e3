import { explainHistoryPair, type Recommendation } from "./explain";
import { pairPosition } from "./model";
import { DEFAULT_SIMILARITY, SIMILARITIES, type SimilarityName, type SimilarityOptions } from "./similarity";
import type { CooccurrenceModel, ItemId, ScoredItem } from "./types";

/**
 * What the app requires before it shows an offer: a pair bought together in fewer than
 * minPairCount orders is an anecdote, and a combined score not above minScore is no reason.
 * An irrelevant offer does more harm than none, so lists may be shorter than k.
 */
export const APP_RELEVANCE = { minPairCount: 2, minScore: 0 } as const;

export interface SimilarityIndexOptions extends SimilarityOptions {
  /** Pairs seen together in fewer orders contribute nothing. */
  minPairCount?: number;
}

/** A model's pair similarities computed once, aligned with model.partners (row item → partner). */
export interface SimilarityIndex {
  readonly model: CooccurrenceModel;
  readonly similarity: SimilarityName;
  readonly scores: Float64Array;
}

export function buildSimilarityIndex(
  model: CooccurrenceModel,
  similarity: SimilarityName = DEFAULT_SIMILARITY,
  options: SimilarityIndexOptions = {},
): SimilarityIndex {
  const { score } = SIMILARITIES[similarity];
  const minPairCount = options.minPairCount ?? APP_RELEVANCE.minPairCount;
  const { rowStart, partners, pairCounts, itemCounts, totalOrders } = model;
  const scores = new Float64Array(partners.length);
  for (let a = 0; a < model.items.length; a++) {
    for (let j = rowStart[a]; j < rowStart[a + 1]; j++) {
      const together = pairCounts[j];
      if (together < minPairCount) continue;
      scores[j] = score(together, itemCounts[a], itemCounts[partners[j]], totalOrders, options);
    }
  }
  return { model, similarity, scores };
}

export interface TopKOptions {
  k: number;
  /** Only items scoring strictly above this are returned. */
  minScore?: number;
}

/**
 * Top k items for a cart: each candidate's score is the sum of its similarities from every
 * cart item (the reference protocol's combination; see docs/decisions/005). Cart items are
 * never returned; ties go to the smaller id; fewer than k come back when fewer are relevant.
 */
export function scoreCart(index: SimilarityIndex, cart: readonly ItemId[], options: TopKOptions): ScoredItem[] {
  const { model, scores } = index;
  const { rowStart, partners } = model;
  const minScore = options.minScore ?? APP_RELEVANCE.minScore;
  const total = new Float64Array(model.items.length);
  const touched: number[] = [];
  const inCart = new Set<number>();
  for (const id of cart) {
    const a = model.indexOf.get(id);
    if (a !== undefined) inCart.add(a);
  }
  for (const a of inCart) {
    for (let j = rowStart[a]; j < rowStart[a + 1]; j++) {
      const s = scores[j];
      if (s <= 0) continue;
      const b = partners[j];
      if (total[b] === 0) touched.push(b);
      total[b] += s;
    }
  }
  const best = new TopK(options.k);
  for (const b of touched) if (!inCart.has(b) && total[b] > minScore) best.offer(b, total[b]);
  return best.sorted().map(({ index: b, score }) => ({ id: model.items[b], score }));
}

/** scoreCart with an explanation per item, citing the cart item whose pair weighs most. */
export function recommendForCart(
  index: SimilarityIndex,
  cart: readonly ItemId[],
  options: TopKOptions,
): Recommendation[] {
  return scoreCart(index, cart, options).map(({ id, score }) => ({
    id,
    score,
    explanation: explainHistoryPair(index.model, strongestReason(index, cart, id), id, index.similarity, score),
  }));
}

export function recommendForItem(index: SimilarityIndex, item: ItemId, options: TopKOptions): Recommendation[] {
  return recommendForCart(index, [item], options);
}

export interface NeighbourList {
  readonly id: ItemId;
  readonly neighbours: Recommendation[];
}

/**
 * Every item's top-N neighbours with explanations, in id order, for the app to store so a
 * storefront read is a single lookup instead of a scoring pass.
 */
export function neighbourLists(index: SimilarityIndex, options: { topN: number; minScore?: number }): NeighbourList[] {
  const { model, scores } = index;
  const minScore = options.minScore ?? APP_RELEVANCE.minScore;
  return model.items.map((id, a) => {
    const best = new TopK(options.topN);
    for (let j = model.rowStart[a]; j < model.rowStart[a + 1]; j++) {
      if (scores[j] > minScore) best.offer(model.partners[j], scores[j]);
    }
    const neighbours = best.sorted().map(({ index: b, score }) => {
      const neighbour = model.items[b];
      return { id: neighbour, score, explanation: explainHistoryPair(model, id, neighbour, index.similarity, score) };
    });
    return { id, neighbours };
  });
}

/** Items by order count, most first, ties to the smaller id. */
export function popularityRanking(model: CooccurrenceModel): ItemId[] {
  const order = model.items.map((_, i) => i);
  order.sort((a, b) => model.itemCounts[b] - model.itemCounts[a] || a - b);
  return order.map((i) => model.items[i]);
}

/**
 * Tops a list up to k from a popularity ranking, skipping excluded and listed items.
 * The evaluation uses it to follow the reference protocol; the app does not (see APP_RELEVANCE).
 */
export function backfill(
  list: readonly ItemId[],
  ranking: readonly ItemId[],
  exclude: ReadonlySet<ItemId>,
  k: number,
): ItemId[] {
  const out = list.slice(0, k);
  const listed = new Set(out);
  for (const id of ranking) {
    if (out.length >= k) break;
    if (!exclude.has(id) && !listed.has(id)) out.push(id);
  }
  return out;
}

/** The cart item with the highest individual similarity to item (smaller id on ties). */
function strongestReason(index: SimilarityIndex, cart: readonly ItemId[], item: ItemId): ItemId {
  const { model, scores } = index;
  const b = model.indexOf.get(item);
  let reason = cart[0];
  let reasonScore = -Infinity;
  for (const id of cart) {
    const a = model.indexOf.get(id);
    if (a === undefined || b === undefined) continue;
    const at = pairPosition(model, a, b);
    const s = at < 0 ? 0 : scores[at];
    if (s > reasonScore || (s === reasonScore && id < reason)) {
      reason = id;
      reasonScore = s;
    }
  }
  return reason;
}

/** Keeps the k best (score, index) pairs seen; higher score first, then smaller index (= smaller id). */
class TopK {
  private readonly entries: { index: number; score: number }[] = [];
  constructor(private readonly k: number) {}

  offer(index: number, score: number): void {
    const entries = this.entries;
    if (this.k <= 0) return;
    if (entries.length === this.k && !ranksBefore(index, score, entries[entries.length - 1])) return;
    let at = entries.length;
    while (at > 0 && ranksBefore(index, score, entries[at - 1])) at--;
    entries.splice(at, 0, { index, score });
    if (entries.length > this.k) entries.pop();
  }

  sorted(): { index: number; score: number }[] {
    return this.entries;
  }
}

function ranksBefore(index: number, score: number, other: { index: number; score: number }): boolean {
  return score > other.score || (score === other.score && index < other.index);
}
