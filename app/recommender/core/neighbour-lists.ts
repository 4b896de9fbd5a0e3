// What the stored neighbour lists are built with and served by (pure): their length, the shop's
// similarity measure and its relevance floor. Shared by the refresh (app/recommender/store/neighbours.server.ts)
// and serving (app/recommender/store/recommendations.server.ts), so serving needs nothing of the refresh.
import { APP_RELEVANCE } from "./recommend";
import { DEFAULT_SIMILARITY, isSimilarityName, type SimilarityName } from "./similarity";

/** Neighbours stored per product. */
export const NEIGHBOURS_PER_PRODUCT = 20;

/** The shop's chosen measure; "default" (or an unknown name) is the recommender's default. */
export function shopSimilarity(name: string | null | undefined): SimilarityName {
  return name && name !== "default" && isSimilarityName(name) ? name : DEFAULT_SIMILARITY;
}

/** The recommender's relevance floor, raised by the shop's minimum support. */
export function similarityOptions(minSupport: number) {
  return { minPairCount: Math.max(APP_RELEVANCE.minPairCount, minSupport), minSupport };
}
