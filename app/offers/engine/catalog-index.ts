// Lookups over the catalog facts the engine was given: products by id, the variant to offer, and
// which attributes two products share (the reason a catalog candidate is shown).
import type { CatalogMatched, CatalogProduct, CatalogVariant } from "./types";

export type CatalogIndex = ReadonlyMap<string, CatalogProduct>;

export function indexCatalog(products: readonly CatalogProduct[]): CatalogIndex {
  return new Map(products.map((product) => [product.id, product]));
}

/** The catalog followed by the pool's products it lacks; the catalog itself when the pool adds none. */
export function catalogWithPool(
  catalog: CatalogProduct[],
  pool: readonly CatalogProduct[],
  index: CatalogIndex = indexCatalog(catalog),
): CatalogProduct[] {
  const added = pool.filter((product) => !index.has(product.id));
  return added.length === 0 ? catalog : [...catalog, ...added];
}

/** The variant a shopper sees first: the first available by position, else the first. */
export function defaultVariant(product: CatalogProduct): CatalogVariant | undefined {
  const byPosition = [...product.variants].sort((a, b) => a.position - b.position);
  return byPosition.find((variant) => variant.available) ?? byPosition[0];
}

export function findVariant(product: CatalogProduct, variantId: string | undefined): CatalogVariant | undefined {
  return variantId === undefined
    ? defaultVariant(product)
    : product.variants.find((variant) => variant.id === variantId);
}

// Shopify tags, types and vendors are free text: "Summer " and "summer" are the same to a merchant.
export const normaliseText = (text: string): string => text.trim().toLowerCase();

export function sharedAttributes(anchor: CatalogProduct, other: CatalogProduct): CatalogMatched {
  const otherTags = new Set(other.tags.map(normaliseText));
  const same = (a: string, b: string) => normaliseText(a) !== "" && normaliseText(a) === normaliseText(b);
  return {
    collectionIds: anchor.collectionIds.filter((id) => other.collectionIds.includes(id)).sort(),
    productType: same(anchor.productType, other.productType),
    vendor: same(anchor.vendor, other.vendor),
    tags: [...new Set(anchor.tags.map(normaliseText))].filter((tag) => tag !== "" && otherTags.has(tag)).sort(),
  };
}

export function matchStrength(matched: CatalogMatched): number {
  return (
    matched.collectionIds.length * 4 +
    Number(matched.productType) * 3 +
    matched.tags.length * 2 +
    Number(matched.vendor)
  );
}
