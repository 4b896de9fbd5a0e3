import { z } from "zod";
import { syncCatalog, syncShopInfo } from "../../catalog/catalog-sync.server";
import { adminClientForShop } from "../../shopify/admin-api.server";

export const syncCatalogPayload = z.object({ shop: z.string().min(1) });

/** After install: the shop's facts and its whole catalog, so offers work before the first webhook. */
export async function syncCatalogTask({ shop }: z.output<typeof syncCatalogPayload>) {
  const admin = await adminClientForShop(shop);
  await syncShopInfo(shop, admin);
  await syncCatalog(shop, admin);
}
