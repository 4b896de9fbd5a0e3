// Shops: created on first contact (install or webhook), erased on uninstall and shop/redact.
import prisma from "../db.server";
import type { Tx } from "../ingest/webhook-delivery.server";

/** Makes sure the shop and its default settings exist; safe to call on every request. */
export async function ensureShop(shop: string, client: Tx | typeof prisma = prisma): Promise<void> {
  await client.$executeRaw`
    INSERT INTO shops (shop) VALUES (${shop}) ON CONFLICT (shop) DO UPDATE SET uninstalled_at = NULL`;
  await client.$executeRaw`
    INSERT INTO shop_settings (shop, updated_at) VALUES (${shop}, now()) ON CONFLICT (shop) DO NOTHING`;
}

export async function markUninstalled(shop: string, client: Tx | typeof prisma = prisma) {
  await client.shop.updateMany({ where: { shop }, data: { uninstalledAt: new Date() } });
}

/** Sessions are deleted at once on uninstall: the tokens are dead, nothing may use them again. */
export async function deleteSessions(shop: string, client: Tx | typeof prisma = prisma) {
  await client.session.deleteMany({ where: { shop } });
}

/** The shop's name and primary locale, for pages its customers see; null for an unknown shop. */
export async function shopNameAndLocale(shop: string): Promise<{ name: string | null; primaryLocale: string } | null> {
  return prisma.shop.findUnique({ where: { shop }, select: { name: true, primaryLocale: true } });
}

/**
 * Erases everything the app holds about a shop: sessions, the shop row (every shop-keyed table
 * cascades from it) and the webhook log. Idempotent.
 */
export async function eraseShop(shop: string): Promise<void> {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.deleteMany({ where: { shop } }),
    prisma.webhookDelivery.deleteMany({ where: { shop } }),
  ]);
}
