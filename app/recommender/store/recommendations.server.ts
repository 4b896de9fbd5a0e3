// Serving a product's or a cart's recommendations from the stored neighbour lists (one indexed read):
// pins first, blocks removed, catalogue neighbours (core/cold-start.ts) for products without history;
// every result carries its explanation (core/explain.ts).
// Over 400 lines on purpose (#14): product, cart and admin reads share one merge and its caches.
import { z } from "zod";
import { storefrontSqlPool } from "../../db/sql-pool.server";
import { defineStatement, sql } from "../../db/statements.server";
import { decayScale } from "../core/basket-delta";
import { catalogNeighbours, DEFAULT_MIN_HISTORY_ORDERS, type CatalogProduct } from "../core/cold-start";
import { statsFromCounts, type Explanation } from "../core/explain";
import { SIMILARITIES } from "../core/similarity";
import { MAX_ITEM_ID } from "../core/types";
import { isShopifyIdText, shopifyIdText } from "../../shopify/ids";
import { NEIGHBOURS_PER_PRODUCT, shopSimilarity, similarityOptions } from "../core/neighbour-lists";

/** One recommended product. The flat statistics repeat the explanation's (the offers engine reads them). */
export interface ServedNeighbour {
  id: string;
  score: number;
  together: number;
  support: number;
  confidence: number;
  lift: number;
  source: "history" | "catalog";
  /** Pinned by the merchant for one of the query products: listed first, whatever its score. */
  pinned: boolean;
  explanation: Explanation;
}

export type ProductIdInput = bigint | string | number;

/** Carts longer than this are cut (a storefront cart is small; this bounds one request's work). */
export const MAX_QUERY_PRODUCTS = 100;

export async function neighboursForProduct(
  shop: string,
  productId: ProductIdInput,
  k: number,
): Promise<ServedNeighbour[]> {
  return neighboursForCart(shop, [productId], k);
}

const storedNeighbour = z.object({
  id: shopifyIdText,
  score: z.number(),
  together: z.number(),
  support: z.number(),
  confidence: z.number(),
  lift: z.number(),
});

/** What serving reads for a set of query products: their stored lists, pins and blocks, settings, decay state. */
export interface ServingRow {
  stats: { id: string; orderCount: number; neighbours: unknown }[];
  serving_overrides: { productId: string; otherProductId: string; mode: "PIN" | "BLOCK" }[];
  serving_settings: { coldStartMinOrders: number; minSupport: number; similarity: string } | null;
  serving_state: {
    similarity: string | null;
    totalOrders: number;
    anchorMs: number;
    halfLifeDays: number | null;
  } | null;
  /** shops.catalog_version: whether the catalogue held for cold start is still the shop's. */
  serving_catalog_version: string | null;
}

/**
 * The serving read's columns (ServingRow) for shop `$1` and the query products `ids` (an SQL
 * expression of type bigint[]): its own statement here, and part of the storefront's one offers
 * statement (app/offers/serving/offer-inputs.server.ts), so a product page costs one round trip.
 * `overrides` names rows (product_id, other_product_id, mode, created_at) of the query products'
 * pins and blocks when the caller has them already; by default they are read here; `false` leaves
 * out `serving_overrides` (the caller holds them: app/offers/serving/offer-inputs.server.ts).
 */
export function servingColumnsSql(ids: string, overrides: string | false = queryOverridesSql(ids)): string {
  return `
   (SELECT coalesce(json_agg(json_build_object('id', product_id::text, 'orderCount', order_count, 'neighbours', neighbours)), '[]'::json)
      FROM product_stats WHERE shop = $1 AND product_id = ANY(${ids})) AS stats,${
        overrides === false
          ? ""
          : `
   (SELECT coalesce(json_agg(json_build_object('productId', product_id::text, 'otherProductId', other_product_id::text, 'mode', mode::text)
                             ORDER BY created_at, product_id, other_product_id), '[]'::json)
      FROM ${overrides} AS query_overrides) AS serving_overrides,`
      }
   (SELECT json_build_object('coldStartMinOrders', cold_start_min_orders, 'minSupport', min_support, 'similarity', similarity)
      FROM shop_settings WHERE shop = $1) AS serving_settings,
   (SELECT json_build_object('similarity', similarity, 'totalOrders', total_orders,
                             'anchorMs', (extract(epoch FROM decay_anchor_at) * 1000)::bigint, 'halfLifeDays', half_life_days)
      FROM recommender_state WHERE shop = $1) AS serving_state,
   (SELECT catalog_version::text FROM shops WHERE shop = $1) AS serving_catalog_version`;
}

/** Pins of the query products, and blocks that involve them either way. */
function queryOverridesSql(ids: string): string {
  return `(SELECT product_id, other_product_id, mode, created_at FROM pair_overrides
           WHERE shop = $1 AND (product_id = ANY(${ids}) OR (mode = 'BLOCK' AND other_product_id = ANY(${ids}))))`;
}

const SERVING_READ = defineStatement<ServingRow>(
  "pairwise-serving-read",
  `SELECT ${servingColumnsSql("$2::text::bigint[]")}`,
  {
    columns: ["stats", "serving_overrides", "serving_settings", "serving_state", "serving_catalog_version"],
    prepare: true,
  },
);

function toId(value: ProductIdInput): number | null {
  const text = String(value);
  if (!isShopifyIdText(text)) return null;
  const id = Number(text);
  return id <= MAX_ITEM_ID ? id : null;
}

/**
 * Recommendations for a cart: each candidate's score is the sum of its stored scores from every
 * cart item with enough history (as recommend.ts combines them; a candidate outside an item's
 * stored top NEIGHBOURS_PER_PRODUCT counts 0 from that item), explained by the cart item whose own
 * score for it is highest. Cart items are never returned. Order: pinned pairs, then history,
 * then catalogue neighbours of the cart's cold-start items; blocked pairs never.
 */
export async function neighboursForCart(
  shop: string,
  productIds: readonly ProductIdInput[],
  k: number,
): Promise<ServedNeighbour[]> {
  const cart = queryProducts(productIds);
  if (cart.length === 0 || k <= 0) return [];
  // The one read of a request: through plain pg (a prepared statement with a generic plan), not
  // Prisma; see sql-pool.server.ts.
  const rows = await sql.query(storefrontSqlPool(), SERVING_READ, [shop, `{${cart.join(",")}}`]);
  return serveNeighbours(shop, cart, k, rows[0]);
}

/** The query products as serving takes them: valid ids, each once, at most MAX_QUERY_PRODUCTS. */
function queryProducts(productIds: readonly ProductIdInput[]): number[] {
  return [...new Set(productIds.map(toId).filter((id): id is number => id !== null))].slice(0, MAX_QUERY_PRODUCTS);
}

/**
 * neighboursForCart over a serving read already made (ServingRow for at least these products).
 * Reads more only when it must: the catalogue of a shop with cold-start query products (cached
 * for a minute), and the statistics of a pin that is not in a stored list.
 */
export async function serveNeighbours(
  shop: string,
  productIds: readonly ProductIdInput[],
  k: number,
  row: ServingRow,
): Promise<ServedNeighbour[]> {
  const cart = queryProducts(productIds);
  if (cart.length === 0 || k <= 0) return [];
  const now = Date.now();
  const state = row.serving_state;
  const settings = row.serving_settings;
  const scale = state ? decayScale(Number(state.anchorMs), now, state.halfLifeDays) : 1;
  const similarity = shopSimilarity(state?.similarity ?? settings?.similarity);
  const coldMin = settings?.coldStartMinOrders ?? DEFAULT_MIN_HISTORY_ORDERS;
  const inCart = new Set(cart);

  const blocked = new Set<number>();
  for (const override of row.serving_overrides) {
    if (override.mode !== "BLOCK") continue;
    const [a, b] = [Number(override.productId), Number(override.otherProductId)];
    if (inCart.has(a)) blocked.add(b);
    if (inCart.has(b)) blocked.add(a);
  }
  const allowed = (id: number) => !inCart.has(id) && !blocked.has(id);

  // History: sum over the cart's warm items.
  const statsById = new Map(row.stats.map((stat) => [Number(stat.id), stat]));
  const warm: number[] = [];
  const cold: number[] = [];
  for (const id of cart) {
    const stat = statsById.get(id);
    if (stat && stat.orderCount * scale >= coldMin) warm.push(id);
    else cold.push(id);
  }
  const history = new Map<
    number,
    { total: number; reason: number; reasonScore: number; entry: z.output<typeof storedNeighbour> }
  >();
  const storedLists = new Map<number, z.output<typeof storedNeighbour>[]>();
  for (const query of warm) {
    const list = parseNeighbours(statsById.get(query)!.neighbours);
    storedLists.set(query, list);
    for (const entry of list) {
      const id = Number(entry.id);
      if (!allowed(id) || !(entry.score > 0)) continue;
      const known = history.get(id);
      if (!known) history.set(id, { total: entry.score, reason: query, reasonScore: entry.score, entry });
      else {
        known.total += entry.score;
        if (entry.score > known.reasonScore || (entry.score === known.reasonScore && query < known.reason)) {
          Object.assign(known, { reason: query, reasonScore: entry.score, entry });
        }
      }
    }
  }
  const historyResults: ServedNeighbour[] = [...history]
    .sort(([idA, a], [idB, b]) => b.total - a.total || idA - idB)
    .slice(0, k)
    .map(([id, { total, reason, entry }]) =>
      served(id, {
        source: "history",
        queryItem: reason,
        similarity,
        score: total,
        ordersTogether: entry.together,
        support: entry.support,
        confidence: entry.confidence,
        lift: entry.lift,
      }),
    );

  // Catalogue neighbours of the cold items, combined the same way.
  const catalogResults: ServedNeighbour[] = [];
  if (cold.length > 0) {
    const catalog = await catalogFor(shop, row.serving_catalog_version ?? null);
    const combined = new Map<number, { total: number; best: Explanation & { source: "catalog" }; bestScore: number }>();
    for (const query of cold) {
      for (const neighbour of catalog.neighboursOf(query)) {
        if (!allowed(neighbour.id) || neighbour.explanation.source !== "catalog") continue;
        const known = combined.get(neighbour.id);
        if (!known)
          combined.set(neighbour.id, {
            total: neighbour.score,
            best: neighbour.explanation,
            bestScore: neighbour.score,
          });
        else {
          known.total += neighbour.score;
          if (
            neighbour.score > known.bestScore ||
            (neighbour.score === known.bestScore && query < known.best.queryItem)
          ) {
            Object.assign(known, { best: neighbour.explanation, bestScore: neighbour.score });
          }
        }
      }
    }
    for (const [id, { total, best }] of [...combined]
      .sort(([idA, a], [idB, b]) => b.total - a.total || idA - idB)
      .slice(0, k)) {
      catalogResults.push(served(id, { ...best, score: total }));
    }
  }

  // The merchant's pins for cart items, in the order they were made.
  const pinnedResults: ServedNeighbour[] = [];
  for (const override of row.serving_overrides) {
    const [query, id] = [Number(override.productId), Number(override.otherProductId)];
    if (override.mode !== "PIN" || !inCart.has(query) || !allowed(id)) continue;
    const entry = storedLists.get(query)?.find((neighbour) => Number(neighbour.id) === id);
    const explanation: Explanation = entry
      ? {
          source: "history",
          queryItem: query,
          similarity,
          score: entry.score,
          ordersTogether: entry.together,
          support: entry.support,
          confidence: entry.confidence,
          lift: entry.lift,
        }
      : await pairExplanation(shop, query, id, {
          similarity,
          scale,
          totalOrders: state?.totalOrders ?? 0,
          minSupport: settings?.minSupport ?? 0,
        });
    pinnedResults.push({ ...served(id, explanation), pinned: true });
  }

  const results: ServedNeighbour[] = [];
  const listed = new Set<string>();
  for (const result of [...pinnedResults, ...historyResults, ...catalogResults]) {
    if (results.length >= k) break;
    if (listed.has(result.id)) continue;
    listed.add(result.id);
    results.push(result);
  }
  return results;
}

function served(id: number, explanation: Explanation): ServedNeighbour {
  return {
    id: String(id),
    score: explanation.score,
    together: explanation.ordersTogether,
    support: explanation.support,
    confidence: explanation.confidence,
    lift: explanation.lift,
    source: explanation.source,
    pinned: false,
    explanation,
  };
}

function parseNeighbours(json: unknown): z.output<typeof storedNeighbour>[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((entry) => {
    const parsed = storedNeighbour.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

const PIN_STATISTICS = defineStatement<{
  together: number | null;
  countQuery: number | null;
  countItem: number | null;
}>(
  "pairwise-pin-statistics",
  `SELECT (SELECT together FROM pair_counts WHERE shop = $1 AND product_a = $2::bigint AND product_b = $3::bigint) AS "together",
          (SELECT order_count FROM product_stats WHERE shop = $1 AND product_id = $4::bigint) AS "countQuery",
          (SELECT order_count FROM product_stats WHERE shop = $1 AND product_id = $5::bigint) AS "countItem"`,
  { columns: ["together", "countQuery", "countItem"], prepare: true },
);

/** History statistics of a pinned pair that is not in the stored list (zeros when never bought together). */
async function pairExplanation(
  shop: string,
  query: number,
  item: number,
  context: { similarity: ReturnType<typeof shopSimilarity>; scale: number; totalOrders: number; minSupport: number },
): Promise<Explanation> {
  const [a, b] = query < item ? [query, item] : [item, query];
  // On the storefront's pool, as the serving read: Prisma's first query in a process costs tens of
  // milliseconds on the event loop, and this runs on a storefront request.
  const rows = await sql.query(storefrontSqlPool(), PIN_STATISTICS, [
    shop,
    String(a),
    String(b),
    String(query),
    String(item),
  ]);
  const counts = rows[0];
  const together = (counts?.together ?? 0) * context.scale;
  const countQuery = (counts?.countQuery ?? 0) * context.scale;
  const countItem = (counts?.countItem ?? 0) * context.scale;
  const total = context.totalOrders * context.scale;
  const options = similarityOptions(context.minSupport);
  const score =
    together >= options.minPairCount
      ? SIMILARITIES[context.similarity].score(together, countQuery, countItem, total, options)
      : 0;
  return {
    source: "history",
    queryItem: query,
    similarity: context.similarity,
    score,
    ...statsFromCounts(together, countQuery, countItem, total),
  };
}

// ---------------------------------------------------------------------------------------------
// The shop's catalogue for cold start, held by the process while the shop's catalog_version is
// unchanged (a product webhook handled in this process drops it at once; after a write elsewhere,
// a process reads it again within the TTL).

const CATALOG_TTL_MS = 60_000;
/** Shops whose catalogue a process holds at most (the least recently loaded are dropped). */
const MAX_CACHED_CATALOGUES = 200;

interface CachedCatalog {
  loadedAt: number;
  /** shops.catalog_version when it was read (null: not known, kept for the TTL only). */
  version: string | null;
  products: CatalogProduct[];
  byId: Map<number, CatalogProduct>;
  memo: Map<number, ReturnType<typeof catalogNeighbours>>;
  neighboursOf(id: number): ReturnType<typeof catalogNeighbours>;
}

const catalogs = new Map<string, CachedCatalog>();

/** Drops the cached catalogue of a shop (or of every shop). */
export function forgetCatalog(shop?: string): void {
  if (shop === undefined) catalogs.clear();
  else catalogs.delete(shop);
}

/**
 * The attributes cold start compares, of a shop's active products, as one JSON value of columns
 * (half the work of an object per product, for Postgres and for JSON.parse). Missing lists are
 * empty, as Prisma read them.
 */
const CATALOGUE = defineStatement<{ columns: string }>(
  "pairwise-cold-start-catalogue",
  `
SELECT json_build_object('ids', coalesce(json_agg(id ORDER BY id), '[]'), 'types', coalesce(json_agg(product_type ORDER BY id), '[]'),
                         'vendors', coalesce(json_agg(vendor ORDER BY id), '[]'), 'tags', coalesce(json_agg(coalesce(tags, '{}') ORDER BY id), '[]'),
                         'collections', coalesce(json_agg(coalesce(collection_ids, '{}') ORDER BY id), '[]'))::text AS columns
FROM products WHERE shop = $1 AND deleted_at IS NULL AND status = 'ACTIVE' AND id <= ${MAX_ITEM_ID}`,
  { columns: ["columns"], prepare: true },
);

interface CatalogueColumns {
  ids: number[];
  types: string[];
  vendors: string[];
  tags: string[][];
  collections: number[][];
}

/**
 * The shop's catalogue for cold start: kept while the shop's catalog_version is the one it was
 * read at (`version`, from the serving read), so an unchanged catalogue is never read again; after
 * a write, kept for at most CATALOG_TTL_MS more, so a busy shop's is not read again on every write.
 */
async function catalogFor(shop: string, version: string | null): Promise<CachedCatalog> {
  const cached = catalogs.get(shop);
  if (cached && ((version !== null && cached.version === version) || Date.now() - cached.loadedAt < CATALOG_TTL_MS))
    return cached;
  // On the storefront's pool, as one JSON text parsed once: read through Prisma, 5,000 products
  // held the event loop for tens of milliseconds, stalling every request in flight.
  const rows = await sql.query(storefrontSqlPool(), CATALOGUE, [shop]);
  const columns = JSON.parse(rows[0].columns) as CatalogueColumns;
  // Frozen, as every request shares them; cold start then keeps each one's normalised attributes.
  const products: CatalogProduct[] = columns.ids.map((id, i) =>
    Object.freeze({
      id,
      productType: columns.types[i],
      vendor: columns.vendors[i],
      tags: Object.freeze(columns.tags[i]) as string[],
      collectionIds: Object.freeze(columns.collections[i]) as number[],
    }),
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const memo = new Map<number, ReturnType<typeof catalogNeighbours>>();
  const catalog: CachedCatalog = {
    loadedAt: Date.now(),
    version,
    products,
    byId,
    memo,
    neighboursOf(id) {
      let list = memo.get(id);
      if (!list) {
        const product = byId.get(id);
        list = product ? catalogNeighbours(product, products, { k: NEIGHBOURS_PER_PRODUCT }) : [];
        memo.set(id, list);
      }
      return list;
    },
  };
  catalogs.delete(shop);
  catalogs.set(shop, catalog);
  if (catalogs.size > MAX_CACHED_CATALOGUES) catalogs.delete(catalogs.keys().next().value!);
  return catalog;
}
