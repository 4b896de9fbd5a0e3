// Writes the demo shop (app/dev/demo-catalog.ts) into the database: shop, settings, offline session,
// catalog and order history. Idempotent: the demo shop is erased and rewritten in one transaction,
// so a rerun (or a failed run) never leaves a mix. Recommender statistics are not computed here;
// the recommender's own rebuild does that from the orders.
import type { Prisma, PrismaClient } from "@prisma/client";
import {
  DEMO_ACCESS_TOKEN,
  DEMO_COLLECTIONS,
  DEMO_PRODUCTS,
  DEMO_SCOPES,
  DEMO_SHOP,
  DEMO_SHOP_NAME,
  demoOrders,
} from "./demo-catalog";
import { demoOfferTraffic } from "./demo-offer-traffic";

export interface SeedDemoShopOptions {
  /** Number of orders to generate (default 3000). */
  orders?: number;
  /** Seed of the order generator (default 1). */
  seed?: number;
  /** Orders fall in the 90 days before this instant (default: now). */
  now?: Date;
  /** Scopes recorded on the shop and its offline session (default DEMO_SCOPES). */
  scope?: string;
}

export interface SeedDemoShopResult {
  products: number;
  variants: number;
  orders: number;
  lines: number;
  offerEvents: number;
}

export const DEMO_OFFLINE_SESSION_ID = `offline_${DEMO_SHOP}`;

// Rows per INSERT: well under Postgres' 65,535 bind parameters for the widest table (orders, 17 columns).
const BATCH_SIZE = 2000;

async function createInBatches<T>(rows: readonly T[], create: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) await create(rows.slice(start, start + BATCH_SIZE));
}

function priceRange(prices: readonly string[]): { min: string; max: string } {
  const sorted = [...prices].sort((a, b) => Number(a) - Number(b));
  return { min: sorted[0], max: sorted[sorted.length - 1] };
}

export async function seedDemoShop(
  prisma: PrismaClient,
  options: SeedDemoShopOptions = {},
): Promise<SeedDemoShopResult> {
  const now = options.now ?? new Date();
  const scope = options.scope ?? DEMO_SCOPES;
  const shop = DEMO_SHOP;
  const orders = demoOrders({ seed: options.seed ?? 1, count: options.orders ?? 3000, now });
  // The last 30 days' simulated offer traffic, so the Analytics page has data (app/dev/demo-offer-traffic.ts).
  const traffic = demoOfferTraffic(orders, { now, seed: options.seed ?? 1 });

  const products: Prisma.ProductCreateManyInput[] = DEMO_PRODUCTS.map((product) => {
    const range = priceRange(product.variants.map((variant) => variant.price));
    return {
      shop,
      id: product.id,
      title: product.title,
      handle: product.handle,
      productType: product.productType,
      vendor: product.vendor,
      tags: product.tags,
      collectionIds: product.collectionIds,
      status: product.status,
      imageUrl: product.imageUrl,
      priceMin: range.min,
      priceMax: range.max,
      available: product.variants.some((variant) => variant.available),
      sourceUpdatedAt: product.updatedAt,
    };
  });
  const variants: Prisma.VariantCreateManyInput[] = DEMO_PRODUCTS.flatMap((product) =>
    product.variants.map((variant) => ({
      shop,
      id: variant.id,
      productId: product.id,
      title: variant.title,
      sku: variant.sku,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice,
      available: variant.available,
      inventoryQuantity: variant.inventoryQuantity,
      position: variant.position,
      options: variant.options.map((option) => ({ name: option.name, value: option.value })),
    })),
  );
  const orderRows: Prisma.OrderCreateManyInput[] = orders.map((order) => {
    const cancelled = order.cancelledAt !== null;
    return {
      shop,
      id: order.id,
      name: order.name,
      customerId: order.customerId,
      currencyCode: order.currencyCode,
      subtotalPrice: order.subtotalPrice,
      totalPrice: order.totalPrice,
      totalDiscounts: order.totalDiscounts,
      financialStatus: order.financialStatus,
      test: order.test,
      processedAt: order.processedAt,
      cancelledAt: order.cancelledAt,
      fullyRefunded: cancelled,
      sourceUpdatedAt: order.cancelledAt ?? order.processedAt,
      counted: !order.test && !cancelled,
      visitorId: traffic.visitorByOrder.get(order.id) ?? null,
    };
  });
  const lineRows: Prisma.OrderLineCreateManyInput[] = orders.flatMap((order) =>
    order.lines.map((line) => ({
      shop,
      id: line.id,
      orderId: order.id,
      productId: line.productId,
      variantId: line.variantId,
      quantity: line.quantity,
      price: line.price,
      offerId: traffic.attributionByLine.get(line.id)?.offerId ?? null,
      offerSurface: traffic.attributionByLine.get(line.id)?.surface ?? null,
      offerKind: traffic.attributionByLine.get(line.id)?.kind ?? null,
    })),
  );
  const eventRows: Prisma.OfferEventCreateManyInput[] = traffic.events.map((event) => ({ shop, ...event }));

  await prisma.$transaction(
    async (tx) => {
      // Every shop-keyed table cascades from `shops`; sessions are not shop-keyed rows, so go separately.
      await tx.shop.deleteMany({ where: { shop } });
      await tx.session.deleteMany({ where: { id: DEMO_OFFLINE_SESSION_ID } });

      await tx.shop.create({
        data: {
          shop,
          name: DEMO_SHOP_NAME,
          currencyCode: "USD",
          moneyFormat: "${{amount}}",
          installedAt: now,
          scopes: scope,
        },
      });
      await tx.shopSettings.create({ data: { shop } });
      await tx.session.create({
        data: {
          id: DEMO_OFFLINE_SESSION_ID,
          shop,
          state: "",
          isOnline: false,
          scope,
          accessToken: DEMO_ACCESS_TOKEN,
        },
      });
      await tx.collection.createMany({
        data: DEMO_COLLECTIONS.map((collection) => ({
          shop,
          id: collection.id,
          title: collection.title,
          handle: collection.handle,
        })),
      });
      await tx.product.createMany({ data: products });
      await tx.variant.createMany({ data: variants });
      await createInBatches(orderRows, (batch) => tx.order.createMany({ data: batch }));
      await createInBatches(lineRows, (batch) => tx.orderLine.createMany({ data: batch }));
      await createInBatches(eventRows, (batch) => tx.offerEvent.createMany({ data: batch }));
    },
    // Far above the ~1-2 s a 3000-order seed takes; the default 5 s would be tight on a slow disk.
    { maxWait: 10_000, timeout: 120_000 },
  );

  return {
    products: products.length,
    variants: variants.length,
    orders: orderRows.length,
    lines: lineRows.length,
    offerEvents: eventRows.length,
  };
}
