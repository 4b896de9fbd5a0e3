// Pair statistics in Postgres, per shop (decisions 006 and 010): order counts per product and per
// pair, kept current incrementally (pair-delta.server.ts) and rebuildable from the orders with exactly
// the same result (pair-rebuild.server.ts and its helpers). This is their one entry point.
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
