// Catalog facts as the offers engine reads them (app/offers/engine/types.ts CatalogProduct), stored per
// product as JSON text so a request's products arrive as one JSON value; and the catalog
// fallback's pool: active, available products that share a collection, type or tag with an anchor.
import { storefrontSqlPool } from "../../db/sql-pool.server";
import { defineStatement, sql } from "../../db/statements.server";
import type { CatalogProduct } from "../engine/types";

/** How many catalog products the fallback considers (the first by id that share an attribute). */
export const FALLBACK_POOL = 100;

/**
 * The JSON array text of the catalog facts of `products p` rows: each row's `offer_facts`, which
 * database triggers keep equal to the product and its variants (migration 20261125090000), so
 * nothing is built per request. Parsed with `parseCatalogFacts`.
 */
export const CATALOG_FACTS_ARRAY = `'[' || coalesce(string_agg(p.offer_facts, ',' ORDER BY p.id), '') || ']'`;

export function parseCatalogFacts(json: string): CatalogProduct[] {
  return JSON.parse(json) as CatalogProduct[];
}

const PRODUCT_FACTS = defineStatement<{ facts: string }>(
  "pairwise-offer-product-facts",
  `SELECT ${CATALOG_FACTS_ARRAY} AS facts FROM products p WHERE p.shop = $1 AND p.id = ANY($2::text::bigint[]) AND p.deleted_at IS NULL`,
  { columns: ["facts"], prepare: true },
);

/** The facts of these products (deleted ones have none). */
export async function productFacts(shop: string, productIds: readonly string[]): Promise<CatalogProduct[]> {
  const rows = await sql.query(storefrontSqlPool(), PRODUCT_FACTS, [shop, `{${productIds.join(",")}}`]);
  return parseCatalogFacts(rows[0].facts);
}

/** $2 the anchors, $3–$5 their collections, product types and tags. */
const CATALOG_POOL = defineStatement<{ pool: string }>(
  "pairwise-offer-catalog-pool",
  `
SELECT ${CATALOG_FACTS_ARRAY} AS pool
FROM (SELECT * FROM products
      WHERE shop = $1 AND deleted_at IS NULL AND status = 'ACTIVE' AND available AND NOT (id = ANY($2::text::bigint[]))
        AND (collection_ids && $3::text::bigint[] OR product_type = ANY($4::text[]) OR tags && $5::text[])
      ORDER BY id LIMIT ${FALLBACK_POOL}) p`,
  { columns: ["pool"], prepare: true },
);

/** The fallback pool for the anchors whose facts are in `known` (anchors without facts add nothing). */
export async function catalogPool(
  shop: string,
  anchorIds: readonly string[],
  known: readonly CatalogProduct[],
): Promise<CatalogProduct[]> {
  const ids = new Set(anchorIds);
  const anchors = known.filter((product) => ids.has(product.id));
  if (anchors.length === 0) return [];
  const rows = await sql.query(storefrontSqlPool(), CATALOG_POOL, [
    shop,
    `{${anchorIds.join(",")}}`,
    `{${[...new Set(anchors.flatMap((product) => product.collectionIds))].join(",")}}`,
    [...new Set(anchors.map((product) => product.productType).filter(Boolean))],
    [...new Set(anchors.flatMap((product) => product.tags))],
  ]);
  return parseCatalogFacts(rows[0].pool);
}
