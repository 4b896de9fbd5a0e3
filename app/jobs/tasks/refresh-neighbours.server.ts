import { z } from "zod";
import { refreshNeighbours } from "../../recommender/store/neighbours.server";
import { rebuildRecommendations } from "../../recommender/store/pair-stats.server";

export const refreshNeighboursPayload = z.object({ shop: z.string().min(1) });

/** Recomputes the shop's stored neighbour lists; rebuilds everything when the settings have moved on. */
export async function refreshNeighboursTask({ shop }: z.output<typeof refreshNeighboursPayload>) {
  const result = await refreshNeighbours(shop);
  if (result.status === "stale") await rebuildRecommendations(shop);
}
