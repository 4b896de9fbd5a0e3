// Answers the Admin GraphQL operations the app sends (app/shopify/graphql/*.ts), in Shopify's response shapes.
// It does not parse GraphQL: it recognises the operation by name and returns the full selection.
import type { CatalogProductNode, CatalogProductsData, ShopInfoData } from "../../shopify/graphql/catalog";
import type { DemoCollection, DemoProduct } from "../demo-catalog";
import type { createBulkOperationsStandIn } from "./bulk-operations";
import type { createCustomersAndDiscountsStandIn } from "./customers-and-discounts";
import { orderProof } from "./orders";

export interface MockCatalog {
  products: readonly DemoProduct[];
  collections: readonly DemoCollection[];
}

export interface MockShopProfile {
  name: string;
  currencyCode: string;
  moneyFormat: string;
  ianaTimezone: string;
  primaryLocale: string;
}

export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

export type GraphqlResult = { data: unknown; extensions: { cost: QueryCost } } | { errors: GraphqlError[] };

interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

// Shopify's limits for a public app on a standard plan.
const MAX_QUERY_COST = 1000;
const BUCKET_SIZE = 2000;
const RESTORE_RATE = 100;
const MAX_PAGE_SIZE = 250;
// Page sizes of the nested connections in CATALOG_PRODUCTS_QUERY: they multiply the requested cost.
const COLLECTIONS_PER_PRODUCT = 20;
const VARIANTS_PER_PRODUCT = 50;

const gid = (type: string, id: bigint) => `gid://shopify/${type}/${id}`;

/** The operation's name: the request's `operationName`, else the first named operation in the document. */
export function operationNameOf(body: GraphqlRequestBody): string | null {
  if (typeof body.operationName === "string" && body.operationName) return body.operationName;
  if (typeof body.query !== "string") return null;
  const withoutComments = body.query.replace(/#[^\n]*/g, "");
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(withoutComments)?.[1] ?? null;
}

function withCost(data: unknown, requested: number, actual: number): GraphqlResult {
  return {
    data,
    extensions: {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: actual,
        throttleStatus: {
          maximumAvailable: BUCKET_SIZE,
          currentlyAvailable: BUCKET_SIZE - actual,
          restoreRate: RESTORE_RATE,
        },
      },
    },
  };
}

function shopInfo(shop: string, profile: MockShopProfile): GraphqlResult {
  const data: ShopInfoData = {
    shop: {
      name: profile.name,
      myshopifyDomain: shop,
      currencyCode: profile.currencyCode,
      primaryDomain: { url: `https://${shop}` },
      ianaTimezone: profile.ianaTimezone,
      currencyFormats: { moneyFormat: profile.moneyFormat },
    },
    shopLocales: [{ locale: profile.primaryLocale, primary: true, published: true }],
  };
  return withCost(data, 3, 3);
}

function productNode(product: DemoProduct, collections: readonly DemoCollection[]): CatalogProductNode {
  return {
    id: gid("Product", product.id),
    title: product.title,
    handle: product.handle,
    productType: product.productType,
    vendor: product.vendor,
    tags: product.tags,
    status: product.status,
    updatedAt: product.updatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    featuredImage: product.imageUrl ? { url: product.imageUrl } : null,
    collections: {
      nodes: collections
        .filter((collection) => product.collectionIds.includes(collection.id))
        .slice(0, COLLECTIONS_PER_PRODUCT)
        .map((collection) => ({
          id: gid("Collection", collection.id),
          title: collection.title,
          handle: collection.handle,
        })),
    },
    variants: {
      nodes: product.variants.slice(0, VARIANTS_PER_PRODUCT).map((variant) => ({
        id: gid("ProductVariant", variant.id),
        title: variant.title,
        sku: variant.sku,
        price: variant.price,
        compareAtPrice: variant.compareAtPrice,
        availableForSale: variant.available,
        inventoryQuantity: variant.inventoryQuantity,
        position: variant.position,
        selectedOptions: variant.options,
      })),
    },
  };
}

// Shopify's cursors are opaque base64 JSON of the last row's sort key; the app must not parse them.
function encodeCursor(id: bigint): string {
  return Buffer.from(JSON.stringify({ last_id: Number(id), last_value: String(id) })).toString("base64");
}

function decodeCursor(cursor: string): bigint | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || !("last_value" in parsed)) return null;
    const lastValue = parsed.last_value;
    return typeof lastValue === "string" && /^\d+$/.test(lastValue) ? BigInt(lastValue) : null;
  } catch {
    return null;
  }
}

function catalogProducts(variables: Record<string, unknown>, catalog: MockCatalog): GraphqlResult {
  const first = variables.first;
  if (typeof first !== "number" || !Number.isInteger(first) || first < 1) {
    return { errors: [{ message: "you must provide one of first or last", extensions: { code: "BAD_REQUEST" } }] };
  }
  if (first > MAX_PAGE_SIZE) {
    return {
      errors: [
        { message: `The page size of 'products' cannot exceed ${MAX_PAGE_SIZE}.`, extensions: { code: "BAD_REQUEST" } },
      ],
    };
  }
  // Requested cost as Shopify estimates it: 2 per connection plus its page size times the node cost.
  const productCost = 1 + 1 + (2 + COLLECTIONS_PER_PRODUCT) + (2 + VARIANTS_PER_PRODUCT);
  const requested = 2 + first * productCost;
  if (requested > MAX_QUERY_COST) {
    return {
      errors: [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
        },
      ],
    };
  }
  const sorted = [...catalog.products].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let start = 0;
  if (typeof variables.after === "string") {
    const afterId = decodeCursor(variables.after);
    if (afterId === null)
      return {
        errors: [{ message: "Invalid cursor for current pagination sort.", extensions: { code: "BAD_REQUEST" } }],
      };
    start = sorted.findIndex((product) => product.id > afterId);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + first);
  const nodes = page.map((product) => productNode(product, catalog.collections));
  const data: CatalogProductsData = {
    products: {
      nodes,
      pageInfo: {
        hasNextPage: start + page.length < sorted.length,
        endCursor: page.length > 0 ? encodeCursor(page[page.length - 1].id) : null,
      },
    },
  };
  const actual =
    2 +
    nodes.reduce(
      (sum, node) =>
        sum + 1 + (node.featuredImage ? 1 : 0) + 2 + node.collections.nodes.length + 2 + node.variants.nodes.length,
      0,
    );
  return withCost(data, requested, actual);
}

/** Answers one GraphQL request for `shop`; unknown operations get Shopify's error shape (HTTP 200). */
export function answerAdminGraphql(
  body: GraphqlRequestBody,
  shop: string,
  context: {
    catalog: MockCatalog;
    profile: MockShopProfile;
    bulk?: ReturnType<typeof createBulkOperationsStandIn>;
    customersAndDiscounts?: ReturnType<typeof createCustomersAndDiscountsStandIn>;
  },
): GraphqlResult {
  const variables =
    typeof body.variables === "object" && body.variables !== null ? (body.variables as Record<string, unknown>) : {};
  const operationName = operationNameOf(body);
  switch (operationName) {
    case "ShopInfo":
      return shopInfo(shop, context.profile);
    case "CatalogProducts":
      return catalogProducts(variables, context.catalog);
    case "BulkRunQuery":
      if (context.bulk) return withCost(context.bulk.runQuery(shop, variables).data, 10, 10);
      break;
    case "BulkOperationStatus":
      if (context.bulk) return withCost(context.bulk.status(shop, variables).data, 1, 1);
      break;
    case "CustomerEmailConsent":
      if (context.customersAndDiscounts)
        return withCost(context.customersAndDiscounts.customerEmailConsent(shop, variables), 2, 2);
      break;
    case "DiscountCodeBasicCreate":
      if (context.customersAndDiscounts)
        return withCost(context.customersAndDiscounts.discountCodeBasicCreate(shop, variables), 10, 10);
      break;
    case "OrderProof":
      return withCost(orderProof(shop, variables), 1, 1);
    case "DiscountAutomaticAppCreate":
      if (context.customersAndDiscounts)
        return withCost(context.customersAndDiscounts.discountAutomaticAppCreate(shop, variables), 10, 10);
      break;
  }
  return {
    errors: [
      {
        message: `The Admin API stand-in does not support operation ${
          operationName ? `"${operationName}"` : "(anonymous)"
        }; add it to app/dev/shopify-stand-in/admin-graphql.ts.`,
        extensions: { code: "UNSUPPORTED_OPERATION" },
      },
    ],
  };
}
