import { PairCounts } from "./pair-counts";
import type { CooccurrenceModel } from "./types";

/**
 * Eight orders small enough to check by hand. Orders holding each item: 1 in 5, 2 in 4,
 * 3 in 3, 4 in 2, 5 in 1. Pairs: {1,2} 3, {1,3} 2, {2,3} 2, {4,5} 1.
 */
export const SMALL_ORDERS = [[1, 2], [1, 2], [1, 3], [2, 3], [1, 2, 3], [4], [4, 5], [1]];

export function smallModel(): CooccurrenceModel {
  const counts = new PairCounts();
  for (const basket of SMALL_ORDERS) counts.add(basket);
  return counts.toModel();
}
