// A shop's recommendations rebuilt from scratch: pair statistics, then neighbour lists.
import type { PrismaClient } from "@prisma/client";
import defaultPrisma from "../../db.server";
import { refreshNeighbours, type RefreshResult } from "./neighbours.server";
import { rebuildPairStats, type RebuildResult } from "./pair-rebuild.server";

export interface RebuildRecommendationsResult {
  stats: RebuildResult;
  neighbours: RefreshResult;
}

/**
 * Full rebuild of a shop's recommendations: pair statistics from its orders, then every product's
 * stored neighbour list. For the admin ("rebuild now"), the history backfill and the demo seed.
 */
export async function rebuildRecommendations(shop: string): Promise<RebuildRecommendationsResult>;
export async function rebuildRecommendations(
  db: PrismaClient | undefined,
  shop: string,
): Promise<RebuildRecommendationsResult>;
export async function rebuildRecommendations(
  dbOrShop: PrismaClient | string | undefined,
  maybeShop?: string,
): Promise<RebuildRecommendationsResult> {
  const db = typeof dbOrShop === "string" || dbOrShop === undefined ? defaultPrisma : dbOrShop;
  const shop = typeof dbOrShop === "string" ? dbOrShop : maybeShop;
  if (!shop) throw new TypeError("rebuildRecommendations needs a shop");
  const stats = await rebuildPairStats(shop);
  const neighbours = await refreshNeighbours(shop, {}, db);
  return { stats, neighbours };
}
