// Copies the shop's facts (name, currency, money format, locale) and catalog (products, variants,
// collections) from the Admin API into Postgres, so offers can filter and cold-start without
// calling Shopify on the shopper's request. Versions older than the stored one are ignored.
import prisma from "../db.server";
import {
  CATALOG_PAGE_SIZE,
  CATALOG_PRODUCTS_QUERY,
  SHOP_INFO_QUERY,
  type CatalogProductNode,
  type CatalogProductsData,
} from "../shopify/graphql/catalog";
import { adminQuery, type AdminGraphqlClient } from "../shopify/admin-api.server";
import { idOfAnyGid } from "../shopify/ids";
import { ensureShop } from "../shops/shop.server";

/** Numeric id of a GID such as gid://shopify/Product/8000000000001. */
export function idFromGid(gid: string): bigint {
  const id = idOfAnyGid(gid);
  if (id === null) throw new Error(`Not a Shopify GID: ${gid}`);
  return BigInt(id);
}

export async function syncShopInfo(shop: string, admin: AdminGraphqlClient): Promise<void> {
  const data = await adminQuery(admin, SHOP_INFO_QUERY);
  const primaryLocale = data.shopLocales.find((locale) => locale.primary)?.locale ?? "en";
  await ensureShop(shop);
  await prisma.shop.update({
    where: { shop },
    data: {
      name: data.shop.name,
      currencyCode: data.shop.currencyCode,
      moneyFormat: data.shop.currencyFormats.moneyFormat,
      primaryLocale,
    },
  });
}

async function saveProduct(shop: string, node: CatalogProductNode): Promise<void> {
  const productId = idFromGid(node.id);
  const prices = node.variants.nodes.map((variant) => Number(variant.price));
  const updatedAt = new Date(node.updatedAt);
  const facts = {
    title: node.title,
    handle: node.handle,
    productType: node.productType,
    vendor: node.vendor,
    tags: node.tags,
    collectionIds: node.collections.nodes.map((collection) => idFromGid(collection.id)),
    status: node.status,
    imageUrl: node.featuredImage?.url ?? null,
    priceMin: prices.length ? Math.min(...prices).toFixed(2) : "0",
    priceMax: prices.length ? Math.max(...prices).toFixed(2) : "0",
    available: node.status === "ACTIVE" && node.variants.nodes.some((variant) => variant.availableForSale),
    sourceUpdatedAt: updatedAt,
    deletedAt: null,
  };
  await prisma.$transaction(async (tx) => {
    const stored = await tx.product.findUnique({
      where: { shop_id: { shop, id: productId } },
      select: { sourceUpdatedAt: true },
    });
    if (stored && stored.sourceUpdatedAt > updatedAt) return;
    await tx.product.upsert({
      where: { shop_id: { shop, id: productId } },
      create: { shop, id: productId, ...facts },
      update: facts,
    });
    for (const collection of node.collections.nodes) {
      const id = idFromGid(collection.id);
      await tx.collection.upsert({
        where: { shop_id: { shop, id } },
        create: { shop, id, title: collection.title, handle: collection.handle },
        update: { title: collection.title, handle: collection.handle },
      });
    }
    const variantIds = node.variants.nodes.map((variant) => idFromGid(variant.id));
    await tx.variant.deleteMany({ where: { shop, productId, id: { notIn: variantIds } } });
    for (const variant of node.variants.nodes) {
      const id = idFromGid(variant.id);
      const variantFacts = {
        productId,
        title: variant.title,
        sku: variant.sku,
        price: variant.price,
        compareAtPrice: variant.compareAtPrice,
        available: variant.availableForSale,
        inventoryQuantity: variant.inventoryQuantity,
        position: variant.position,
        options: variant.selectedOptions,
      };
      await tx.variant.upsert({
        where: { shop_id: { shop, id } },
        create: { shop, id, ...variantFacts },
        update: variantFacts,
      });
    }
  });
}

/** Pages through the whole catalog; returns the number of products seen. */
export async function syncCatalog(shop: string, admin: AdminGraphqlClient): Promise<number> {
  await ensureShop(shop);
  let after: string | null = null;
  let seen = 0;
  do {
    const page: CatalogProductsData = await adminQuery(admin, CATALOG_PRODUCTS_QUERY, {
      first: CATALOG_PAGE_SIZE,
      after,
    });
    for (const node of page.products.nodes) await saveProduct(shop, node);
    seen += page.products.nodes.length;
    after = page.products.pageInfo.hasNextPage ? page.products.pageInfo.endCursor : null;
  } while (after);
  return seen;
}
