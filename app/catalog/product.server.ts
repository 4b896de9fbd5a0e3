// Product ingestion from products/create, products/update and products/delete: the ingest-product
// job merges a product's pending deliveries into its row and variants. As for orders, the newest
// (updated_at, content hash) wins and a delete is a tombstone (deletedAt) a late update cannot
// undo, so any delivery order converges. Collections are not in the payload and are left alone.
import type { PrismaClient } from "@prisma/client";
import defaultPrisma from "../db.server";
import { productInboxEvent, type ProductInboxEvent, type ProductVersion } from "../ingest/webhooks/product-schemas";
import { PLACEHOLDER_VERSION, isNewer, newest } from "../ingest/order-merge";
import { scheduleNeighbourRefresh } from "../ingest/order.server";
import { forgetCatalog } from "../recommender/store/recommendations.server";
import { beginIngest, takeInbox } from "../ingest/webhook-inbox.server";

export interface IngestProductResult {
  status: "applied" | "unchanged" | "nothing-pending" | "shop-gone";
}

function productFields(version: ProductVersion) {
  return {
    title: version.title,
    handle: version.handle,
    productType: version.productType,
    vendor: version.vendor,
    tags: version.tags,
    status: version.status,
    imageUrl: version.imageUrl,
    priceMin: version.priceMin,
    priceMax: version.priceMax,
    available: version.available,
    sourceUpdatedAt: new Date(version.updatedAt),
    sourceHash: version.hash,
  };
}

function parseEvents(rows: { id: bigint; payload: unknown }[]): ProductInboxEvent[] {
  return rows.flatMap((row) => {
    const parsed = productInboxEvent.safeParse(row.payload);
    if (parsed.success) return [parsed.data];
    console.error(`webhook_inbox row ${row.id} is not a product event: ${parsed.error.message}`);
    return [];
  });
}

export async function ingestProduct(
  shop: string,
  productId: bigint,
  db: PrismaClient = defaultPrisma,
): Promise<IngestProductResult> {
  const result = await db.$transaction(
    async (tx): Promise<IngestProductResult> => {
      await beginIngest(tx, shop, "product", productId, { stats: false });
      const rows = await takeInbox(tx, shop, "product", productId);
      if (rows.length === 0) return { status: "nothing-pending" };
      const shopRow = await tx.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
      if (!shopRow || shopRow.uninstalledAt) return { status: "shop-gone" };

      const events = parseEvents(rows);
      const latest = newest(events.flatMap((event) => (event.kind === "version" ? [event.version] : [])));
      const deleted = events.some((event) => event.kind === "delete");
      const current = await tx.product.findUnique({
        where: { shop_id: { shop, id: productId } },
        select: { sourceUpdatedAt: true, sourceHash: true, deletedAt: true },
      });
      const takeVersion =
        latest !== null && isNewer(latest, current && { updatedAt: current.sourceUpdatedAt, hash: current.sourceHash });
      const newlyDeleted = deleted && !current?.deletedAt;
      if (!takeVersion && !newlyDeleted) return { status: "unchanged" };

      const deletedAt = current?.deletedAt ?? (deleted ? new Date() : null);
      if (takeVersion) {
        const fields = { ...productFields(latest!), deletedAt };
        await tx.product.upsert({
          where: { shop_id: { shop, id: productId } },
          create: { shop, id: productId, collectionIds: [], ...fields },
          update: fields,
        });
        const variantIds = latest!.variants.map((variant) => BigInt(variant.id));
        await tx.variant.deleteMany({ where: { shop, productId, id: { notIn: variantIds } } });
        for (const variant of latest!.variants) {
          const data = {
            productId,
            title: variant.title,
            sku: variant.sku,
            price: variant.price,
            compareAtPrice: variant.compareAtPrice,
            available: variant.available,
            inventoryQuantity: variant.inventoryQuantity,
            position: variant.position,
            options: variant.options,
          };
          await tx.variant.upsert({
            where: { shop_id: { shop, id: BigInt(variant.id) } },
            create: { shop, id: BigInt(variant.id), ...data },
            update: data,
          });
        }
      } else if (current) {
        await tx.product.update({ where: { shop_id: { shop, id: productId } }, data: { deletedAt } });
      } else {
        // Deleted before we saw it: a tombstone that any later version of it updates but never revives.
        await tx.product.create({
          data: {
            shop,
            id: productId,
            title: "",
            handle: "",
            available: false,
            sourceUpdatedAt: PLACEHOLDER_VERSION.updatedAt,
            sourceHash: PLACEHOLDER_VERSION.hash,
            deletedAt,
          },
        });
      }
      // A deleted product leaves every stored neighbour list at the next refresh.
      if (newlyDeleted) await scheduleNeighbourRefresh(tx, shop);
      return { status: "applied" };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  if (result.status === "applied") forgetCatalog(shop);
  return result;
}
