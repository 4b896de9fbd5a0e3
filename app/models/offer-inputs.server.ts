// Everything the offers engine needs for one storefront request, loaded in a handful of queries,
// each scoped by shop: settings (guardrails), rules, pins/blocks, neighbours, catalog facts of every
// product the engine may name, and the visitor's recent events. Returns null for a shop that is
// not installed: it gets no offers.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { parseRule } from "../offers/rule-schema";
import type { CartLine, CatalogProduct, CustomerFacts, OfferInput, OfferKind, RuleRow, Surface } from "../offers/types";
import { recentVisitorEvents } from "./offer-events.server";
import { neighboursForProducts } from "./offer-neighbours.server";

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

/** How many neighbours to read, and how many catalog products to consider for the fallback. */
const NEIGHBOURS_READ = 20;
const FALLBACK_POOL = 100;

const catalogSelect = {
  id: true,
  title: true,
  handle: true,
  productType: true,
  vendor: true,
  tags: true,
  collectionIds: true,
  status: true,
  available: true,
  variants: { select: { id: true, productId: true, title: true, price: true, available: true, position: true } },
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof catalogSelect }>;

function toCatalogProduct(row: ProductRow): CatalogProduct {
  return {
    id: String(row.id),
    title: row.title,
    handle: row.handle,
    productType: row.productType,
    vendor: row.vendor,
    tags: row.tags,
    collectionIds: row.collectionIds.map(String),
    status: row.status,
    available: row.available,
    variants: row.variants.map((variant) => ({
      id: String(variant.id),
      productId: String(variant.productId),
      title: variant.title,
      price: Number(variant.price),
      available: variant.available,
      position: variant.position,
    })),
  };
}

/** Product ids a rule may offer or replace, so their facts are loaded. */
function ruleProductIds(rules: RuleRow[]): bigint[] {
  return rules.flatMap((row) => {
    const parsed = parseRule(row);
    if (!parsed.ok) return [];
    const rule = parsed.rule;
    return (rule.kind === "cross_sell" ? rule.offer.productIds : [rule.offer.productId, rule.trigger.productId]).map(BigInt);
  });
}

async function customerFacts(shop: string, customerId: bigint | undefined): Promise<CustomerFacts | undefined> {
  if (customerId === undefined) return undefined;
  // Returning = has an order with us already; tags would need the Admin API on every request.
  const previous = await prisma.order.count({ where: { shop, customerId, cancelledAt: null, deletedAt: null }, take: 1 });
  return { returning: previous > 0 };
}

export async function loadOfferInputs(shop: string, request: OfferRequest): Promise<OfferInput | null> {
  const settings = await prisma.shopSettings.findFirst({
    where: { shop, shopRef: { uninstalledAt: null } },
    select: { maxOffersPerSurface: true, upgradePriceCeiling: true, relevanceThreshold: true, frequencyCapHours: true, holdoutShare: true },
  });
  if (!settings) return null;

  const cartVariants = request.cart.length
    ? await prisma.variant.findMany({
        where: { shop, id: { in: request.cart.map((line) => line.variantId) } },
        select: { id: true, productId: true },
      })
    : [];
  const productOfVariant = new Map(cartVariants.map((variant) => [variant.id, variant.productId]));
  const cart: CartLine[] = request.cart.flatMap((line) => {
    const productId = productOfVariant.get(line.variantId);
    return productId === undefined ? [] : [{ productId: String(productId), variantId: String(line.variantId), quantity: line.quantity }];
  });
  const anchors = [...new Set([...(request.productId ? [request.productId] : []), ...cart.map((line) => BigInt(line.productId))])];

  const since = new Date(request.now.getTime() - settings.frequencyCapHours * 3_600_000);
  const [ruleRows, overrides, neighbours, anchorRows, events, customer] = await Promise.all([
    prisma.rule.findMany({
      where: { shop, enabled: true },
      select: {
        id: true, name: true, kind: true, enabled: true, priority: true, stopHere: true, trigger: true, offer: true,
        surfaces: true, discount: true, conditions: true, valueText: true, maxPriceIncrease: true, startsAt: true, endsAt: true, createdAt: true,
      },
    }),
    prisma.pairOverride.findMany({
      where: { shop, OR: [{ productId: { in: anchors } }, { otherProductId: { in: anchors }, mode: "BLOCK" }] },
      select: { productId: true, otherProductId: true, mode: true },
    }),
    neighboursForProducts(shop, anchors, NEIGHBOURS_READ),
    prisma.product.findMany({ where: { shop, id: { in: anchors }, deletedAt: null }, select: catalogSelect }),
    request.visitorId && settings.frequencyCapHours > 0 ? recentVisitorEvents(shop, request.visitorId, since) : Promise.resolve([]),
    customerFacts(shop, request.customerId),
  ]);
  const rules: RuleRow[] = ruleRows.map((row) => ({ ...row, maxPriceIncrease: row.maxPriceIncrease === null ? null : Number(row.maxPriceIncrease) }));

  // Candidates the engine may name, plus a pool of products that share an attribute with an anchor.
  const named = [...neighbours.map((n) => BigInt(n.id)), ...overrides.map((o) => o.otherProductId), ...ruleProductIds(rules)];
  const anchorFacts = anchorRows.map(toCatalogProduct);
  const [namedRows, poolRows] = await Promise.all([
    prisma.product.findMany({ where: { shop, id: { in: named }, deletedAt: null }, select: catalogSelect }),
    prisma.product.findMany({
      where: {
        shop,
        deletedAt: null,
        status: "ACTIVE",
        available: true,
        id: { notIn: anchors },
        OR: [
          { collectionIds: { hasSome: anchorRows.flatMap((row) => row.collectionIds) } },
          { productType: { in: anchorFacts.map((p) => p.productType).filter(Boolean) } },
          { tags: { hasSome: anchorFacts.flatMap((p) => p.tags) } },
        ],
      },
      orderBy: { id: "asc" },
      take: FALLBACK_POOL,
      select: catalogSelect,
    }),
  ]);
  const catalog = new Map<string, CatalogProduct>();
  for (const row of [...anchorRows, ...namedRows, ...poolRows]) catalog.set(String(row.id), toCatalogProduct(row));

  return {
    shop,
    guardrails: { ...settings, upgradePriceCeiling: Number(settings.upgradePriceCeiling) },
    rules,
    overrides: overrides.map((o) => ({ productId: String(o.productId), otherProductId: String(o.otherProductId), mode: o.mode })),
    neighbours,
    catalog: [...catalog.values()],
    context: {
      surface: request.surface,
      ...(request.productId ? { productId: String(request.productId) } : {}),
      ...(request.variantId ? { variantId: String(request.variantId) } : {}),
      cart,
      ...(customer ? { customer } : {}),
      ...(request.visitorId ? { visitorId: request.visitorId } : {}),
      recentEvents: events,
      ...(request.kinds ? { kinds: request.kinds } : {}),
      ...(request.limit ? { limit: request.limit } : {}),
      now: request.now,
    },
  };
}
