// Catalog facts as the offers engine reads them (app/offers/types.ts CatalogProduct), built in SQL
// so a request's products arrive as one JSON value; and the catalog fallback's pool: active,
// available products that share a collection, type or tag with an anchor.
import { storefrontSqlPool } from "../db/sql-pool.server";
import type { CatalogProduct } from "../offers/types";

/** How many catalog products the fallback considers (the first by id that share an attribute). */
export const FALLBACK_POOL = 100;

/** A `products p` row with its variants (by position) as a CatalogProduct; ids as decimal strings. */
export const CATALOG_FACTS_JSON = `json_build_object(
  'id', p.id::text, 'title', p.title, 'handle', p.handle, 'productType', p.product_type, 'vendor', p.vendor,
  'tags', p.tags, 'collectionIds', p.collection_ids::text[], 'status', p.status, 'available', p.available,
  'variants', (SELECT coalesce(json_agg(json_build_object(
                  'id', v.id::text, 'productId', v.product_id::text, 'title', v.title, 'price', v.price,
                  'available', v.available, 'position', v.position) ORDER BY v.position, v.id), '[]'::json)
               FROM variants v WHERE v.shop = p.shop AND v.product_id = p.id))`;

const POOL_SQL = `
SELECT coalesce(json_agg(${CATALOG_FACTS_JSON} ORDER BY p.id), '[]'::json) AS pool
FROM (SELECT * FROM products
      WHERE shop = $1 AND deleted_at IS NULL AND status = 'ACTIVE' AND available AND NOT (id = ANY($2::text::bigint[]))
        AND (collection_ids && $3::text::bigint[] OR product_type = ANY($4::text[]) OR tags && $5::text[])
      ORDER BY id LIMIT ${FALLBACK_POOL}) p`;

/** The fallback pool for the anchors whose facts are in `known` (anchors without facts add nothing). */
export async function catalogPool(shop: string, anchorIds: readonly string[], known: readonly CatalogProduct[]): Promise<CatalogProduct[]> {
  const ids = new Set(anchorIds);
  const anchors = known.filter((product) => ids.has(product.id));
  if (anchors.length === 0) return [];
  const { rows } = await storefrontSqlPool().query<{ pool: CatalogProduct[] }>({
    name: "pairwise-offer-catalog-pool",
    text: POOL_SQL,
    values: [
      shop,
      `{${anchorIds.join(",")}}`,
      `{${[...new Set(anchors.flatMap((product) => product.collectionIds))].join(",")}}`,
      [...new Set(anchors.map((product) => product.productType).filter(Boolean))],
      [...new Set(anchors.flatMap((product) => product.tags))],
    ],
  });
  return rows[0].pool;
}
