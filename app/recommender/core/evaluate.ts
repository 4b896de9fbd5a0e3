import { PairCounts } from "./pair-counts";
import { backfill, buildSimilarityIndex, popularityRanking, scoreCart } from "./recommend";
import { DEFAULT_SIMILARITY, type SimilarityName } from "./similarity";
import type { ItemId } from "./types";

/**
 * The project's offline evaluation protocol (shared data README), so figures are comparable:
 * orders in file order; the first 80% train, the last 20% test; in each test order with two or
 * more distinct products, hide each product in turn and ask for the top k given the others
 * (never an item of the query); a hit is the hidden product in the list.
 */

export const TRAIN_SHARE = 0.8;

export interface Metrics {
  /** Hit rate: hits / trials. */
  readonly hr: number;
  /** Mean over trials of 1/log2(rank + 1) for a hit at 1-based rank, 0 for a miss. */
  readonly ndcg: number;
  /**
   * Share of the catalogue — items seen in the training orders — that appears in at least one
   * list shown during the trials. Low coverage means the same few items are offered everywhere.
   */
  readonly coverage: number;
}

export interface EvaluationReport {
  readonly k: number;
  readonly trials: number;
  /** The app's recommender, lists backfilled by popularity as the reference protocol does. */
  readonly recommender: Metrics;
  readonly popularity: Metrics;
}

export interface EvaluationOptions {
  k: number;
  similarity?: SimilarityName;
  /** Passed to the accumulator; baskets above it are left out of training, as in the app. */
  maxBasketItems?: number;
}

/** First share of orders (rounded down) and the rest. */
export function splitInOrder<T>(orders: readonly T[], trainShare = TRAIN_SHARE): { train: T[]; test: T[] } {
  const cut = Math.floor(orders.length * trainShare);
  return { train: orders.slice(0, cut), test: orders.slice(cut) };
}

export function evaluate(orders: readonly (readonly ItemId[])[], options: EvaluationOptions): EvaluationReport {
  const { k } = options;
  const { train, test } = splitInOrder(orders);
  const counts = new PairCounts({ maxBasketItems: options.maxBasketItems });
  for (const basket of train) counts.add(basket);
  const model = counts.toModel();
  // The protocol scores every pair seen at least once; the app's stricter floor is not applied here.
  const index = buildSimilarityIndex(model, options.similarity ?? DEFAULT_SIMILARITY, { minPairCount: 1 });
  const ranking = popularityRanking(model);

  const recommender = new MetricsAccumulator();
  const popularity = new MetricsAccumulator();
  for (const order of test) {
    const basket = [...new Set(order)];
    if (basket.length < 2) continue;
    for (const hidden of basket) {
      const query = basket.filter((id) => id !== hidden);
      const exclude = new Set(query);
      const scored = scoreCart(index, query, { k, minScore: 0 }).map((item) => item.id);
      recommender.record(backfill(scored, ranking, exclude, k), hidden);
      popularity.record(backfill([], ranking, exclude, k), hidden);
    }
  }
  return {
    k,
    trials: recommender.trials,
    recommender: recommender.metrics(model.items.length),
    popularity: popularity.metrics(model.items.length),
  };
}

class MetricsAccumulator {
  trials = 0;
  private hits = 0;
  private gain = 0;
  private readonly shown = new Set<ItemId>();

  record(list: readonly ItemId[], hidden: ItemId): void {
    this.trials++;
    for (const id of list) this.shown.add(id);
    const rank = list.indexOf(hidden) + 1;
    if (rank > 0) {
      this.hits++;
      this.gain += 1 / Math.log2(rank + 1);
    }
  }

  metrics(catalogueSize: number): Metrics {
    const perTrial = (x: number): number => (this.trials === 0 ? 0 : x / this.trials);
    return {
      hr: perTrial(this.hits),
      ndcg: perTrial(this.gain),
      coverage: catalogueSize === 0 ? 0 : this.shown.size / catalogueSize,
    };
  }
}
