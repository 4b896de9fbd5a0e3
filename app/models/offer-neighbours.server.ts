// The recommender's neighbours as the offers engine needs them. Interim adapter: it reads
// product_stats.neighbors directly until app/models/recommendations.server.ts (neighborsForProduct /
// neighborsForCart) lands; then this file becomes a re-export of that module and nothing else changes.
import { z } from "zod";
import prisma from "../db.server";
import type { Neighbour } from "../offers/types";

// Older rows hold only {id, score, together}; the rest defaults to "unknown" zeros.
const storedNeighbour = z.object({
  id: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String),
  score: z.number(),
  together: z.number().default(0),
  support: z.number().default(0),
  confidence: z.number().default(0),
  lift: z.number().default(0),
  source: z.enum(["history", "catalog"]).default("history"),
});

function parseNeighbours(json: unknown): Neighbour[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry) => {
    const parsed = storedNeighbour.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Neighbours of the given products, best first, excluding the products themselves. For several
 * products (a cart) a neighbour keeps its best score over them: the stored lists are per product.
 */
export async function neighboursForProducts(shop: string, productIds: readonly bigint[], k: number): Promise<Neighbour[]> {
  if (productIds.length === 0) return [];
  const rows = await prisma.productStat.findMany({
    where: { shop, productId: { in: [...productIds] } },
    select: { neighbors: true },
  });
  const anchors = new Set(productIds.map(String));
  const best = new Map<string, Neighbour>();
  for (const row of rows) {
    for (const neighbour of parseNeighbours(row.neighbors)) {
      if (anchors.has(neighbour.id)) continue;
      const known = best.get(neighbour.id);
      if (!known || known.score < neighbour.score) best.set(neighbour.id, neighbour);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, k);
}
