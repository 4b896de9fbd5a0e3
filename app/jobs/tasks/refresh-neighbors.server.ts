import { z } from "zod";
import { refreshNeighbors } from "../../recommender/store/neighbours.server";
import { rebuildRecommendations } from "../../recommender/store/pair-stats.server";

export const refreshNeighborsPayload = z.object({ shop: z.string().min(1) });

/** Recomputes the shop's stored neighbour lists; rebuilds everything when the settings have moved on. */
export async function refreshNeighborsTask({ shop }: z.output<typeof refreshNeighborsPayload>) {
  const result = await refreshNeighbors(shop);
  if (result.status === "stale") await rebuildRecommendations(shop);
}
