// The recommender's neighbours as the offers engine needs them: served by
// app/models/recommendations.server.ts (stored lists, cart combination, cold-start catalogue
// neighbours), reduced to the engine's Neighbour shape. Pins and blocks are applied again by the
// engine from the overrides it loads, so its trace can say what they did.
import type { Neighbour } from "../offers/types";
import { neighborsForCart } from "./recommendations.server";

export async function neighboursForProducts(shop: string, productIds: readonly bigint[], k: number): Promise<Neighbour[]> {
  if (productIds.length === 0) return [];
  const served = await neighborsForCart(shop, productIds, k);
  return served.map(({ id, score, together, support, confidence, lift, source }) => ({ id, score, together, support, confidence, lift, source }));
}
