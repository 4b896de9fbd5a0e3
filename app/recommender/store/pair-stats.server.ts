// Pair statistics in Postgres, per shop: product_stats.order_count (orders containing the product),
// the orders containing both of a pair (stored once per pair, product_a < product_b, as a compacted
// base in pair_blocks plus a delta in pair_stats) and recommender_state.total_orders. Kept current
// incrementally (pair-delta.server.ts), rebuildable from the orders with exactly the same result
// (pair-rebuild.server.ts, basket-chunks.server.ts, pair-rebuild-writes.server.ts): this is their
// one entry point. See docs/decisions/006-pair-statistics-storage.md and 010-pair-blocks-and-deltas.md.
export {
  countedBasketChunks,
  forEachBasket,
  secondReader,
  type BasketChunk,
  type SecondReader,
} from "./basket-chunks.server";
export { applyCountsDelta, type DeltaResult } from "./pair-delta.server";
export { rebuildPairStats, type RebuildOptions, type RebuildResult } from "./pair-rebuild.server";
export { sameCount, type StorageWrites, type Written } from "./pair-rebuild-writes.server";
export { lockShopStats, statsParams, type StatsParams } from "./pair-storage.server";
export { rebuildRecommendations, type RebuildRecommendationsResult } from "./rebuild-recommendations.server";
