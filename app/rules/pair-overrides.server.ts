// The merchant's pins (always show B with A) and blocks (never show B with A, nor A with B) of
// recommended pairs. The offers engine reads them through app/offers/serving/offer-inputs.server.ts.
// Scoped by shop: both products must be this shop's, or nothing is written.
import type { PairOverrideMode } from "@prisma/client";
import prisma from "../db.server";

export interface PairOverrideView {
  productId: string;
  otherProductId: string;
  mode: PairOverrideMode;
  createdAt: string;
}

/** Overrides that involve the product: its own pins and blocks, and blocks set from the other side. */
export async function overridesForProduct(shop: string, productId: bigint): Promise<PairOverrideView[]> {
  const rows = await prisma.pairOverride.findMany({
    where: { shop, OR: [{ productId }, { otherProductId: productId, mode: "BLOCK" }] },
    orderBy: { createdAt: "asc" },
    select: { productId: true, otherProductId: true, mode: true, createdAt: true },
  });
  return rows.map((row) => ({
    productId: String(row.productId),
    otherProductId: String(row.otherProductId),
    mode: row.mode,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** Every override of the shop, newest first (the Recommendations page's list). */
export async function listPairOverrides(shop: string, take = 100): Promise<PairOverrideView[]> {
  const rows = await prisma.pairOverride.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    take,
    select: { productId: true, otherProductId: true, mode: true, createdAt: true },
  });
  return rows.map((row) => ({
    productId: String(row.productId),
    otherProductId: String(row.otherProductId),
    mode: row.mode,
    createdAt: row.createdAt.toISOString(),
  }));
}

/**
 * Pins or blocks B for A. A block replaces a pin of the same pair in either direction (a pair cannot
 * be both), and a pin replaces the pair's block. False when either product is not this shop's.
 */
export async function setPairOverride(
  shop: string,
  productId: bigint,
  otherProductId: bigint,
  mode: PairOverrideMode,
): Promise<boolean> {
  if (productId === otherProductId) return false;
  const found = await prisma.product.count({ where: { shop, id: { in: [productId, otherProductId] } } });
  if (found !== 2) return false;
  await prisma.$transaction([
    // A block is symmetric, so the reverse direction's override of the pair goes too.
    prisma.pairOverride.deleteMany({
      where: {
        shop,
        productId: otherProductId,
        otherProductId: productId,
        ...(mode === "PIN" ? { mode: "BLOCK" } : {}),
      },
    }),
    prisma.pairOverride.upsert({
      where: { shop_productId_otherProductId: { shop, productId, otherProductId } },
      create: { shop, productId, otherProductId, mode },
      update: { mode, createdAt: new Date() },
    }),
  ]);
  return true;
}

/** Removes the pair's override (as set from A); false when there was none for this shop. */
export async function clearPairOverride(shop: string, productId: bigint, otherProductId: bigint): Promise<boolean> {
  const { count } = await prisma.pairOverride.deleteMany({ where: { shop, productId, otherProductId } });
  return count > 0;
}
