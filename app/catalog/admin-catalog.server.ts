// The shop's catalog as the admin pages need it: search for the pickers of local admin mode (inside
// Shopify admin, App Bridge's resource picker searches Shopify itself), titles of chosen ids, the
// vendors/types/tags the rule form suggests, and checks that ids a form names belong to this shop.
// Every query is scoped by shop.
import prisma from "../db.server";
import { defineStatement, sql } from "../db/statements.server";
import { isShopifyIdText } from "../shopify/ids";

export interface ProductOption {
  id: string;
  title: string;
  imageUrl: string | null;
  variants: { id: string; title: string; price: string }[];
}

export interface CollectionOption {
  id: string;
  title: string;
}

const SEARCH_LIMIT = 20;

const productSelect = {
  id: true,
  title: true,
  imageUrl: true,
  variants: { select: { id: true, title: true, price: true }, orderBy: { position: "asc" as const } },
};

function toProductOption(row: {
  id: bigint;
  title: string;
  imageUrl: string | null;
  variants: { id: bigint; title: string; price: { toString(): string } }[];
}): ProductOption {
  return {
    id: String(row.id),
    title: row.title,
    imageUrl: row.imageUrl,
    variants: row.variants.map((variant) => ({
      id: String(variant.id),
      title: variant.title,
      price: variant.price.toString(),
    })),
  };
}

function ids(values: readonly string[]): bigint[] {
  return [...new Set(values.filter(isShopifyIdText))].map(BigInt);
}

/** Products whose title, handle, vendor or type contains the query (all products, title order, when empty). */
export async function searchProducts(shop: string, query: string, limit = SEARCH_LIMIT): Promise<ProductOption[]> {
  const q = query.trim();
  const rows = await prisma.product.findMany({
    where: {
      shop,
      deletedAt: null,
      ...(q
        ? {
            OR: [
              { title: { contains: q, mode: "insensitive" } },
              { handle: { contains: q, mode: "insensitive" } },
              { vendor: { contains: q, mode: "insensitive" } },
              { productType: { contains: q, mode: "insensitive" } },
              ...(isShopifyIdText(q) ? [{ id: BigInt(q) }] : []),
            ],
          }
        : {}),
    },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take: limit,
    select: productSelect,
  });
  return rows.map(toProductOption);
}

export async function searchCollections(
  shop: string,
  query: string,
  limit = SEARCH_LIMIT,
): Promise<CollectionOption[]> {
  const q = query.trim();
  const rows = await prisma.collection.findMany({
    where: { shop, ...(q ? { title: { contains: q, mode: "insensitive" } } : {}) },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, title: true },
  });
  return rows.map((row) => ({ id: String(row.id), title: row.title }));
}

/** The products with these ids that belong to the shop (deleted ones included: a rule may still name them). */
export async function productsByIds(shop: string, productIds: readonly string[]): Promise<ProductOption[]> {
  const wanted = ids(productIds);
  if (wanted.length === 0) return [];
  const rows = await prisma.product.findMany({ where: { shop, id: { in: wanted } }, select: productSelect });
  return rows.map(toProductOption);
}

export async function collectionsByIds(shop: string, collectionIds: readonly string[]): Promise<CollectionOption[]> {
  const wanted = ids(collectionIds);
  if (wanted.length === 0) return [];
  const rows = await prisma.collection.findMany({
    where: { shop, id: { in: wanted } },
    select: { id: true, title: true },
  });
  return rows.map((row) => ({ id: String(row.id), title: row.title }));
}

/** Titles by id, for showing chosen products and collections. */
export async function titlesByIds(
  shop: string,
  productIds: readonly string[],
  collectionIds: readonly string[] = [],
): Promise<Record<string, string>> {
  const [products, collections] = await Promise.all([
    productsByIds(shop, productIds),
    collectionsByIds(shop, collectionIds),
  ]);
  return Object.fromEntries([...products, ...collections].map((item) => [item.id, item.title]));
}

export interface CatalogFacets {
  vendors: string[];
  productTypes: string[];
  tags: string[];
}

// Tags are an array column: the model API cannot list them distinct.
const CATALOG_TAGS = defineStatement<{ tag: string }>(
  "pairwise-catalog-tags",
  `SELECT DISTINCT unnest(tags) AS tag FROM products WHERE shop = $1 AND deleted_at IS NULL ORDER BY tag LIMIT 1000`,
  { columns: ["tag"] },
);

/** Distinct vendors, product types and tags of the shop's products, for the rule form's suggestions. */
export async function catalogFacets(shop: string): Promise<CatalogFacets> {
  const [vendors, types, tags] = await Promise.all([
    prisma.product.findMany({
      where: { shop, deletedAt: null, vendor: { not: "" } },
      distinct: ["vendor"],
      select: { vendor: true },
      orderBy: { vendor: "asc" },
      take: 500,
    }),
    prisma.product.findMany({
      where: { shop, deletedAt: null, productType: { not: "" } },
      distinct: ["productType"],
      select: { productType: true },
      orderBy: { productType: "asc" },
      take: 500,
    }),
    sql.query(prisma, CATALOG_TAGS, [shop]),
  ]);
  return {
    vendors: vendors.map((row) => row.vendor),
    productTypes: types.map((row) => row.productType),
    tags: tags.map((row) => row.tag),
  };
}

/** The shop's best-selling products by counted orders (the recommender's statistics), else by title. */
export async function topProducts(shop: string, take = 8): Promise<{ id: string; title: string; orders: number }[]> {
  const stats = await prisma.productStat.findMany({
    where: { shop },
    orderBy: [{ orderCount: "desc" }, { productId: "asc" }],
    take: take * 2,
    select: { productId: true, orderCount: true },
  });
  if (stats.length > 0) {
    const titles = await titlesByIds(
      shop,
      stats.map((stat) => String(stat.productId)),
    );
    return stats
      .filter((stat) => titles[String(stat.productId)])
      .slice(0, take)
      .map((stat) => ({
        id: String(stat.productId),
        title: titles[String(stat.productId)],
        orders: Math.round(stat.orderCount),
      }));
  }
  const products = await searchProducts(shop, "", take);
  return products.map((product) => ({ id: product.id, title: product.title, orders: 0 }));
}

/** The products (with all their variants) of these variant ids, for this shop only. */
export async function productsForVariants(shop: string, variantIds: readonly string[]): Promise<ProductOption[]> {
  const wanted = ids(variantIds);
  if (wanted.length === 0) return [];
  const variants = await prisma.variant.findMany({ where: { shop, id: { in: wanted } }, select: { productId: true } });
  return productsByIds(
    shop,
    variants.map((variant) => String(variant.productId)),
  );
}
