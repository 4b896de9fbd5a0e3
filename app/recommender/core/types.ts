/** A product id, as a JS number: exact up to MAX_ITEM_ID. */
export type ItemId = number;

/**
 * Real shops' product ids are about 10^13, far below 2^53; Shopify's sample payloads have larger
 * ones, which a number cannot hold exactly: the statistics and cold start leave such products out
 * rather than merge two of them into one (their orders and lines are stored exactly).
 */
export const MAX_ITEM_ID = Number.MAX_SAFE_INTEGER;

/** An item with the score that ranked it. */
export interface ScoredItem {
  readonly id: ItemId;
  readonly score: number;
}

/**
 * Co-occurrence counts frozen for reading, in compressed-sparse-row form:
 * item i's partners are partners[rowStart[i] .. rowStart[i+1]), each with its pair count.
 * Items are indexed densely in ascending id order, so comparing indices compares ids
 * (which is how ties are broken everywhere). Counts may be fractional when baskets were
 * weighted for time decay.
 */
export interface CooccurrenceModel {
  readonly totalOrders: number;
  /** Dense index → item id, ascending. */
  readonly items: readonly ItemId[];
  /** Item id → dense index. */
  readonly indexOf: ReadonlyMap<ItemId, number>;
  /** Orders containing each item, by dense index. */
  readonly itemCounts: Float64Array;
  /** Row offsets into partners/pairCounts; length items.length + 1. */
  readonly rowStart: Int32Array;
  /** Dense indices of co-occurring items, ascending within each row; both directions are stored. */
  readonly partners: Int32Array;
  /** Orders containing both items, aligned with partners. */
  readonly pairCounts: Float64Array;
}
