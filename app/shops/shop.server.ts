// Shops: created on first contact (install or webhook), erased on uninstall and shop/redact.
import prisma from "../db.server";
import { defineStatement, sql } from "../db/statements.server";
import type { Tx } from "../ingest/webhook-delivery.server";

// One atomic upsert each, safe when two requests make first contact at once: a reinstall clears
// uninstalled_at; existing settings are never touched.
const ENSURE_SHOP = defineStatement(
  "pairwise-shop-ensure",
  `INSERT INTO shops (shop) VALUES ($1) ON CONFLICT (shop) DO UPDATE SET uninstalled_at = NULL`,
);
const ENSURE_SETTINGS = defineStatement(
  "pairwise-shop-settings-ensure",
  `INSERT INTO shop_settings (shop, updated_at) VALUES ($1, now()) ON CONFLICT (shop) DO NOTHING`,
);

/** Makes sure the shop and its default settings exist; safe to call on every request. */
export async function ensureShop(shop: string, client: Tx | typeof prisma = prisma): Promise<void> {
  await sql.execute(client, ENSURE_SHOP, [shop]);
  await sql.execute(client, ENSURE_SETTINGS, [shop]);
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
