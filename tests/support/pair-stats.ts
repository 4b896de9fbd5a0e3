// Test helpers that tamper with the stored pair counts directly (both layers, docs/decisions/010):
// what a bad manual fix or a lost write would do.
import prisma from "../../app/db.server";

/** Removes every stored pair count of the shop: base blocks and delta rows. */
export async function deleteStoredPairs(shop: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM pair_stats WHERE shop = ${shop}`;
  await prisma.$executeRaw`DELETE FROM pair_blocks WHERE shop = ${shop}`;
}

/** Loses one pair: its delta row and its entry in the base block (the block goes when it empties). */
export async function forgetStoredPair(shop: string, a: bigint, b: bigint): Promise<void> {
  await prisma.$executeRaw`DELETE FROM pair_stats WHERE shop = ${shop} AND product_a = ${a} AND product_b = ${b}`;
  await prisma.$executeRaw`
    UPDATE pair_blocks SET
      partners = (SELECT array_agg(u.p ORDER BY u.p) FROM unnest(partners, together) AS u(p, t) WHERE u.p <> ${b}),
      together = (SELECT array_agg(u.t ORDER BY u.p) FROM unnest(partners, together) AS u(p, t) WHERE u.p <> ${b})
    WHERE shop = ${shop} AND product_a = ${a}`;
  await prisma.$executeRaw`DELETE FROM pair_blocks WHERE shop = ${shop} AND product_a = ${a} AND partners IS NULL`;
}
