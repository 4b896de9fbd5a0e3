// The storefront's read: everything the offers engine needs for one request, scoped by shop, in one
// prepared statement on the storefront pool (every product view runs it). A page's catalog data and
// the shop's rules are held by the version they were read at and sent again only when the shop's
// differs (decision 014). A shop that is not installed gets null: no offers.
import { storefrontSqlPool } from "../../db/sql-pool.server";
import { defineStatement, sql } from "../../db/statements.server";
import type {
  CustomerFacts,
  Guardrails,
  Neighbour,
  OfferInput,
  OfferKind,
  PairOverride,
  RuleRow,
  Surface,
  VisitorEvent,
} from "../engine/types";
import type { WidgetTexts } from "../../settings/settings-schema";
import { catalogPool, CATALOG_FACTS_ARRAY, parseCatalogFacts, productFacts } from "./offer-catalog.server";
import { servingColumnsSql, serveNeighbours, type ServingRow } from "../../recommender/store/recommendations.server";
import { HeldByVersion } from "./held-by-version.server";
import { catalogWithPool } from "../engine/catalog-index";
import { anchorsOf, cartOf, inIdOrder, neighbourFacts, pageKey, type PageData } from "./page-data";
import { cleanWidgetTexts } from "../../settings/widget-texts.server";

export interface OfferRequest {
  surface: Surface;
  productId?: bigint;
  variantId?: bigint;
  /** Cart lines as the storefront knows them: variant and quantity (products are looked up here). */
  cart: { variantId: bigint; quantity: number }[];
  visitorId?: string;
  /** Shopify's logged_in_customer_id from the signed proxy query, when the shopper is logged in. */
  customerId?: bigint;
  kinds?: OfferKind[];
  limit?: number;
  now: Date;
}

/** How many neighbours to read. */
const NEIGHBOURS_READ = 20;

/** The visitor's events the frequency cap reads: impressions, accepts and dismissals, newest first. */
const FREQUENCY_TYPES = ["impression", "add_to_cart", "dismiss"];
const MAX_EVENTS = 500;

const bigintArray = (ids: readonly (bigint | string)[]) => `{${ids.join(",")}}`;

/**
 * The stored neighbours' facts come with the statement up to this many products (a product page
 * names at most NEIGHBOURS_PER_PRODUCT = 20); a bigger cart reads the facts of the neighbours
 * actually served in a second statement instead of every listed product's.
 */
const MAX_PRELOADED_NEIGHBOURS = 60;

/** Enough for the shops one process serves at a time; a dropped shop costs one fuller statement. */
const rulesByShop = new HeldByVersion<readonly RuleRow[]>(2_000);

/** Enough for the pages and carts one process serves most; a dropped one costs one fuller statement. */
const dataByPage = new HeldByVersion<PageData>(2_000);

/** What every request reads (the visitor's, the time's, and what changes with each order). */
interface RequestRow extends Omit<ServingRow, "serving_overrides"> {
  settings: Guardrails | null;
  rules_version: string | null;
  /** The shop's catalog_version and rules_version: the version of a page's catalog data (dataByPage). */
  data_version: string | null;
  events: (Omit<VisitorEvent, "occurredAt"> & { occurredAt: number })[];
  returning: boolean | null;
  customer_tags: string[] | null;
  widget_texts: unknown;
}

/** The full statement's row: the request's columns and the page's catalog data. */
interface InputsRow extends RequestRow {
  /** Null when the caller holds the rules of `rules_version`. */
  rules:
    | (Omit<RuleRow, "startsAt" | "endsAt" | "createdAt"> & {
        startsAt: number | null;
        endsAt: number | null;
        createdAt: number;
      })[]
    | null;
  overrides: PairOverride[];
  /** JSON text (parseCatalogFacts): the anchors, the overrides' products, the rules' products. */
  catalog: string;
  /** The ids in the anchors' stored neighbour lists. */
  listed: string[] | null;
  /** JSON text: the other products of the anchors' stored neighbour lists, or null when there are too many. */
  neighbour_catalog: string | null;
  cart_lines: { id: string; productId: string }[];
  serving_overrides: ServingRow["serving_overrides"];
}

/**
 * Parameters of both statements: $1 shop, $2 the product page's product id (or none), $3 the
 * cart's variant ids, $4 visitor id, $5 now, $6 logged-in customer id, $7 event types. The
 * anchors are $2 and the cart's products. Timestamps are `timestamp(3)` in UTC, returned as epoch
 * milliseconds.
 */
const REQUEST_CTES = `
settings AS (
  SELECT s.max_offers_per_surface, s.upgrade_price_ceiling, s.relevance_threshold, s.frequency_cap_hours, s.holdout_share, s.widget_texts,
         sh.rules_version::text AS rules_version, sh.catalog_version::text || '.' || sh.rules_version::text AS data_version
  FROM shop_settings s JOIN shops sh ON sh.shop = s.shop
  WHERE s.shop = $1 AND sh.uninstalled_at IS NULL
),
cart_lines AS (
  SELECT id, product_id FROM variants WHERE shop = $1 AND id = ANY($3::text::bigint[])
),
anchor_ids AS (
  SELECT ARRAY(SELECT unnest($2::text::bigint[]) UNION SELECT product_id FROM cart_lines) AS ids
)`;

/** RequestRow's columns, but the serving read's (servingColumnsSql, which ends the select list). */
const REQUEST_COLUMNS = `
  (SELECT json_build_object(
      'maxOffersPerSurface', max_offers_per_surface, 'upgradePriceCeiling', upgrade_price_ceiling,
      'relevanceThreshold', relevance_threshold, 'frequencyCapHours', frequency_cap_hours, 'holdoutShare', holdout_share)
   FROM settings) AS settings,
  (SELECT rules_version FROM settings) AS rules_version,
  (SELECT data_version FROM settings) AS data_version,
  (SELECT coalesce(json_agg(json_build_object(
      'type', e.type, 'offerId', e.offer_id, 'offerKind', e.offer_kind, 'offeredProductId', e.offered_product_id::text,
      'occurredAt', round(extract(epoch FROM e.occurred_at) * 1000)) ORDER BY e.occurred_at DESC, e.id DESC), '[]'::json)
   FROM (SELECT ev.* FROM offer_events ev, settings s
         WHERE $4::text IS NOT NULL AND s.frequency_cap_hours > 0
           AND ev.shop = $1 AND ev.visitor_id = $4::text AND ev.type = ANY($7::text[])
           AND ev.occurred_at >= ($5::timestamptz AT TIME ZONE 'UTC') - make_interval(hours => s.frequency_cap_hours)
         ORDER BY ev.occurred_at DESC, ev.id DESC LIMIT ${MAX_EVENTS}) e) AS events,
  -- Returning = has an order with us already. Tags come from the customers/* webhooks (customer_tags).
  (SELECT CASE WHEN $6::text IS NULL THEN NULL ELSE EXISTS (
      SELECT 1 FROM orders WHERE shop = $1 AND customer_id = $6::text::bigint AND cancelled_at IS NULL AND deleted_at IS NULL) END) AS returning,
  (SELECT tags FROM customer_tags WHERE $6::text IS NOT NULL AND shop = $1 AND customer_id = $6::text::bigint) AS customer_tags,
  (SELECT widget_texts FROM settings) AS widget_texts,`;

const REQUEST_ROW_COLUMNS = [
  "settings",
  "rules_version",
  "data_version",
  "events",
  "returning",
  "customer_tags",
  "widget_texts",
  "stats",
  "serving_settings",
  "serving_state",
  "serving_catalog_version",
] as const;

/**
 * The statement of a page whose catalog data this process holds: the request's columns only. The
 * caller compares `data_version` (and `rules_version`) with what it holds, and runs OFFER_INPUTS when
 * they differ.
 */
const OFFER_REQUEST = defineStatement<RequestRow>(
  "pairwise-offer-request",
  `
WITH ${REQUEST_CTES}
SELECT ${REQUEST_COLUMNS}
  ${servingColumnsSql("(SELECT ids FROM anchor_ids)::bigint[]", false)}`,
  { columns: REQUEST_ROW_COLUMNS, prepare: true },
);

/**
 * The full statement: the request's columns, the page's catalog data, and the rules unless $8 is
 * the version of the shop's rules this process holds. `catalog` holds the facts of the anchors, the
 * overrides' other products and the products of every rule that might fire here: upgrades whose
 * trigger product is an anchor, cross-sells whose trigger is not plainly out of reach (no
 * anyProduct, no text criterion, and no product or collection of an anchor). That is a superset of
 * what the engine can name; the engine decides. `neighbour_catalog` holds the facts of the rest of
 * the anchors' stored neighbour lists (`listed`), of which the served neighbours are some.
 */
const OFFER_INPUTS = defineStatement<InputsRow>(
  "pairwise-offer-inputs",
  `
WITH ${REQUEST_CTES},
anchors AS (
  SELECT a.ids, a.ids::text[] AS texts,
         ARRAY(SELECT DISTINCT unnest(collection_ids)::text FROM products WHERE shop = $1 AND id = ANY(a.ids)) AS collections
  FROM anchor_ids a
),
enabled_rules AS (
  SELECT * FROM rules WHERE shop = $1 AND enabled
),
-- Joined on each anchor id (not "= ANY" of the array): an index lookup per anchor, however many
-- pins and blocks the shop has. Also the recommender's serving read's overrides (below).
overrides AS (
  SELECT o.product_id, o.other_product_id, o.mode, o.created_at
  FROM anchors a, unnest(a.ids) x(id) JOIN pair_overrides o ON o.shop = $1 AND o.product_id = x.id
  UNION
  SELECT o.product_id, o.other_product_id, o.mode, o.created_at
  FROM anchors a, unnest(a.ids) x(id) JOIN pair_overrides o ON o.shop = $1 AND o.other_product_id = x.id AND o.mode = 'BLOCK'
),
rule_products AS (
  SELECT p.id FROM enabled_rules r, anchors a,
    LATERAL (
      SELECT jsonb_array_elements_text(r.offer -> 'productIds')
      WHERE r.kind = 'CROSS_SELL' AND jsonb_typeof(r.offer -> 'productIds') = 'array' AND (
        coalesce(r.trigger -> 'anyProduct', 'false'::jsonb) <> 'false'::jsonb
        OR coalesce(r.trigger -> 'tags', '[]'::jsonb) <> '[]'::jsonb
        OR coalesce(r.trigger -> 'vendors', '[]'::jsonb) <> '[]'::jsonb
        OR coalesce(r.trigger -> 'productTypes', '[]'::jsonb) <> '[]'::jsonb
        OR (jsonb_typeof(r.trigger -> 'productIds') = 'array' AND EXISTS (
              SELECT 1 FROM jsonb_array_elements_text(r.trigger -> 'productIds') t(id) WHERE t.id = ANY(a.texts)))
        OR (jsonb_typeof(r.trigger -> 'collectionIds') = 'array' AND EXISTS (
              SELECT 1 FROM jsonb_array_elements_text(r.trigger -> 'collectionIds') t(id) WHERE t.id = ANY(a.collections))))
      UNION ALL
      SELECT r.offer ->> 'productId' WHERE r.kind = 'UPGRADE' AND (r.trigger ->> 'productId') = ANY(a.texts)
    ) AS p(id)
  WHERE p.id ~ '^[0-9]{1,19}$' AND (length(p.id) < 19 OR p.id <= '9223372036854775807')
),
wanted AS (
  SELECT unnest(ids) AS id FROM anchors
  UNION SELECT other_product_id FROM overrides
  UNION SELECT id::bigint FROM rule_products
),
listed AS (
  SELECT DISTINCT (n ->> 'id')::bigint AS id
  FROM product_stats ps, anchors a, jsonb_array_elements(ps.neighbours) n
  WHERE ps.shop = $1 AND ps.product_id = ANY(a.ids) AND (n ->> 'id') ~ '^[0-9]{1,18}$'
)
SELECT ${REQUEST_COLUMNS}
  -- The rules only when the caller does not hold this version of them (rulesByShop).
  CASE WHEN $8::text IS NOT DISTINCT FROM (SELECT rules_version FROM settings) THEN NULL ELSE
  (SELECT coalesce(json_agg(json_build_object(
      'id', id, 'name', name, 'kind', kind, 'enabled', enabled, 'priority', priority, 'stopHere', stop_here,
      'trigger', trigger, 'offer', offer, 'surfaces', coalesce(surfaces, '{}'), 'discount', discount, 'conditions', conditions,
      'valueText', value_text, 'maxPriceIncrease', max_price_increase,
      'startsAt', round(extract(epoch FROM starts_at) * 1000), 'endsAt', round(extract(epoch FROM ends_at) * 1000),
      'createdAt', round(extract(epoch FROM created_at) * 1000)) ORDER BY priority, created_at, id), '[]'::json)
   FROM enabled_rules) END AS rules,
  (SELECT coalesce(json_agg(json_build_object('productId', product_id::text, 'otherProductId', other_product_id::text, 'mode', mode)
                            ORDER BY product_id, other_product_id), '[]'::json)
   FROM overrides) AS overrides,
  (SELECT ${CATALOG_FACTS_ARRAY}
   FROM products p WHERE p.shop = $1 AND p.id = ANY(ARRAY(SELECT id FROM wanted)) AND p.deleted_at IS NULL) AS catalog,
  (SELECT array_agg(id::text) FROM listed) AS listed,
  CASE WHEN (SELECT count(*) FROM listed) <= ${MAX_PRELOADED_NEIGHBOURS} THEN
    (SELECT ${CATALOG_FACTS_ARRAY}
     FROM products p WHERE p.shop = $1 AND p.id = ANY(ARRAY(SELECT id FROM listed EXCEPT SELECT id FROM wanted)) AND p.deleted_at IS NULL)
  END AS neighbour_catalog,
  (SELECT coalesce(json_agg(json_build_object('id', id::text, 'productId', product_id::text)), '[]'::json) FROM cart_lines) AS cart_lines,
  ${servingColumnsSql("(SELECT ids FROM anchors)::bigint[]", "overrides")}`,
  {
    columns: [
      ...REQUEST_ROW_COLUMNS,
      "rules",
      "overrides",
      "catalog",
      "listed",
      "neighbour_catalog",
      "cart_lines",
      "serving_overrides",
    ],
    prepare: true,
  },
);

export async function loadOfferInputs(
  shop: string,
  request: OfferRequest,
  options: { catalogPool?: boolean } = {},
): Promise<OfferInput | null> {
  return (await loadOfferRequest(shop, request, options))?.inputs ?? null;
}

/**
 * The engine's inputs, and from the same statement the merchant's widget texts (Settings), which
 * the storefront's Liquid carries (app/offers/storefront/offer-liquid.ts). Without `catalogPool`,
 * the catalog lacks the fallback's pool (offers.server.ts loads it when the engine needs it).
 */
export async function loadOfferRequest(
  shop: string,
  request: OfferRequest,
  options: { catalogPool?: boolean } = {},
): Promise<{ inputs: OfferInput; widgetTexts: WidgetTexts } | null> {
  const held = rulesByShop.get(shop);
  const cartVariants = request.cart.map((line) => line.variantId);
  const dataKey = pageKey(shop, request.productId, cartVariants);
  const heldData = dataByPage.get(dataKey);
  const values = [
    shop,
    request.productId === undefined ? "{}" : `{${request.productId}}`,
    bigintArray(cartVariants),
    request.visitorId ?? null,
    request.now.toISOString(),
    request.customerId === undefined ? null : String(request.customerId),
    FREQUENCY_TYPES,
  ];
  const pool = storefrontSqlPool();
  let row: RequestRow;
  let rules: readonly RuleRow[];
  let data: PageData;
  // A page this process has served: the request's columns, then the held data if it is current.
  const fresh = heldData && held ? (await sql.query(pool, OFFER_REQUEST, values))[0] : undefined;
  if (fresh && !fresh.settings) return null;
  if (fresh && fresh.data_version === heldData!.version && fresh.rules_version === held!.version) {
    [row, rules, data] = [fresh, held!.value, heldData!.value];
  } else {
    const [full] = await sql.query(pool, OFFER_INPUTS, [...values, held?.version ?? null]);
    if (!full.settings) return null;
    rules = full.rules === null && held ? held.value : rulesByShop.hold(shop, full.rules_version!, rulesOf(full)).value;
    [row, data] = [full, dataByPage.hold(dataKey, full.data_version!, pageDataOf(full)).value];
  }

  const cart = cartOf(data, request.cart);
  const anchors = anchorsOf(request.productId, cart);
  const served = await serveNeighbours(shop, anchors, NEIGHBOURS_READ, {
    ...row,
    serving_overrides: data.servingOverrides,
  });
  const neighbours: Neighbour[] = served.map(({ id, score, together, support, confidence, lift, source }) => ({
    id,
    score,
    together,
    support,
    confidence,
    lift,
    source,
  }));
  const facts = neighbourFacts(data, neighbours);
  let catalog = inIdOrder(facts.catalog, facts.missing.length > 0 ? await productFacts(shop, facts.missing) : []);
  if (options.catalogPool ?? true) catalog = catalogWithPool(catalog, await catalogPool(shop, anchors, catalog));
  const customer: CustomerFacts | undefined =
    row.returning === null
      ? undefined
      : { returning: row.returning, ...(row.customer_tags ? { tags: row.customer_tags } : {}) };

  const inputs: OfferInput = {
    shop,
    guardrails: row.settings!, // null returned above
    rules: [...rules],
    overrides: [...data.overrides],
    neighbours,
    catalog,
    context: {
      surface: request.surface,
      ...(request.productId ? { productId: String(request.productId) } : {}),
      ...(request.variantId ? { variantId: String(request.variantId) } : {}),
      cart,
      ...(customer ? { customer } : {}),
      ...(request.visitorId ? { visitorId: request.visitorId } : {}),
      recentEvents: row.events.map((event) => ({ ...event, occurredAt: new Date(event.occurredAt) })),
      ...(request.kinds ? { kinds: request.kinds } : {}),
      ...(request.limit ? { limit: request.limit } : {}),
      now: request.now,
    },
  };
  return { inputs, widgetTexts: cleanWidgetTexts(row.widget_texts) };
}

/** The rules of the full statement's row, with their dates. */
function rulesOf(row: InputsRow): RuleRow[] {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return (row.rules ?? []).map((rule) => ({
    ...rule,
    startsAt: date(rule.startsAt),
    endsAt: date(rule.endsAt),
    createdAt: new Date(rule.createdAt),
  }));
}

/** The page's catalog data from the full statement's row. */
function pageDataOf(row: InputsRow): PageData {
  return {
    overrides: row.overrides,
    servingOverrides: row.serving_overrides,
    catalog: parseCatalogFacts(row.catalog),
    preloaded:
      row.neighbour_catalog === null
        ? null
        : new Map(parseCatalogFacts(row.neighbour_catalog).map((product) => [product.id, product])),
    looked: new Set(row.neighbour_catalog === null ? [] : (row.listed ?? [])),
    cartLines: row.cart_lines,
  };
}
