// Cross-sell candidates that are not merchant rules: pinned pairs (first, always), the recommender's
// neighbours, and the catalog fallback (products sharing collections, type, tags or vendor).
import { catalogNeighbours, type CatalogProduct as RecommenderProduct } from "../../recommender/core/cold-start";
import { MAX_ITEM_ID } from "../../recommender/core/types";
import type { Candidate } from "./candidate";
import { matchStrength, sharedAttributes, type CatalogIndex } from "./catalog-index";
import type { CatalogProduct, Neighbour, PairOverride } from "./types";

export function pinnedCandidates(
  anchors: readonly string[],
  overrides: readonly PairOverride[],
  neighbours: readonly Neighbour[],
): Candidate[] {
  const anchorSet = new Set(anchors);
  return overrides
    .filter((override) => override.mode === "PIN" && anchorSet.has(override.productId))
    .map((override) => {
      const known = neighbours.find((neighbour) => neighbour.id === override.otherProductId);
      const { id: _id, ...explanation } = known ?? { id: "" };
      return {
        kind: "cross_sell",
        source: "pin",
        productId: override.otherProductId,
        score: null,
        reason: { type: "pair", explanation: known ? (explanation as Omit<Neighbour, "id">) : null, pinned: true },
      };
    });
}

export function neighbourCandidates(
  anchors: readonly string[],
  neighbours: readonly Neighbour[],
  catalog: CatalogIndex,
): Candidate[] {
  return neighbours.map((neighbour): Candidate => {
    const { id, ...explanation } = neighbour;
    if (neighbour.source === "history") {
      return {
        kind: "cross_sell",
        source: "history",
        productId: id,
        score: neighbour.score,
        reason: { type: "pair", explanation },
      };
    }
    return {
      kind: "cross_sell",
      source: "catalog",
      productId: id,
      score: neighbour.score,
      reason: { type: "catalog", matched: bestMatch(anchors, catalog.get(id), catalog) },
    };
  });
}

function bestMatch(anchors: readonly string[], other: CatalogProduct | undefined, catalog: CatalogIndex) {
  const empty = { collectionIds: [], productType: false, vendor: false, tags: [] };
  if (!other) return empty;
  const matches = anchors.flatMap((id) => {
    const anchor = catalog.get(id);
    return anchor ? [sharedAttributes(anchor, other)] : [];
  });
  return matches.sort((a, b) => matchStrength(b) - matchStrength(a))[0] ?? empty;
}

/**
 * Products most like the anchors by shared attributes, scored as cold start scores them
 * (app/recommender/core/cold-start.ts), best score over the anchors. Used only to fill what the
 * rules and the recommender left empty.
 */
export function catalogFallbackCandidates(anchors: readonly string[], catalog: CatalogIndex, k: number): Candidate[] {
  const pool = [...catalog.values()].filter((product) => isItemId(product.id)).map(toRecommenderProduct);
  const best = new Map<string, { score: number; anchor: string }>();
  for (const anchorId of anchors) {
    const anchor = catalog.get(anchorId);
    if (!anchor || !isItemId(anchorId)) continue;
    for (const found of catalogNeighbours(toRecommenderProduct(anchor), pool, { k })) {
      const id = String(found.id);
      if ((best.get(id)?.score ?? -1) < found.score) best.set(id, { score: found.score, anchor: anchorId });
    }
  }
  return [...best.entries()]
    .sort(([idA, a], [idB, b]) => b.score - a.score || compareIds(idA, idB))
    .map(([id, { score, anchor }]) => ({
      kind: "cross_sell",
      source: "catalog",
      productId: id,
      score,
      reason: { type: "catalog", matched: sharedAttributes(catalog.get(anchor)!, catalog.get(id)!) },
    }));
}

/** Whether cold start can hold the product's id exactly (MAX_ITEM_ID). */
const isItemId = (id: string): boolean => Number(id) <= MAX_ITEM_ID;

function toRecommenderProduct(product: CatalogProduct): RecommenderProduct {
  return {
    id: Number(product.id),
    productType: product.productType,
    vendor: product.vendor,
    tags: product.tags,
    collectionIds: product.collectionIds.map(Number),
  };
}

/** Numeric order of decimal ids as the catalog holds them (no sign, no leading zeros): shorter is smaller, then text order. */
export const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
