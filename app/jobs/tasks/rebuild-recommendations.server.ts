import { z } from "zod";
import { rebuildRecommendations } from "../../recommender/store/pair-stats.server";

export const rebuildRecommendationsPayload = z.object({ shop: z.string().min(1) });

export async function rebuildRecommendationsTask({ shop }: z.output<typeof rebuildRecommendationsPayload>) {
  await rebuildRecommendations(shop);
}
