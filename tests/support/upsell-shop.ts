// A small installed shop for the post-purchase email and checkout tests: a catalog with images,
// recommender neighbours (so the engine has complements to offer), an offline session the Admin
// API stand-in accepts, and helpers to store orders the way the order ingest does.
import prisma from "../../app/db.server";
import { DEMO_ACCESS_TOKEN } from "../../app/dev/demo-catalog";
import { ensureShop } from "../../app/shops/shop.server";

export const MACHINE = { productId: 1001n, variantId: 2001n, title: "Espresso Machine", price: "400.00" };
export const TAMPER = { productId: 1002n, variantId: 2011n, title: "Steel Tamper", price: "30.00" };
export const MILK_JUG = { productId: 1003n, variantId: 2021n, title: "Milk Jug", price: "20.00" };
export const TABLETS = { productId: 1005n, variantId: 2041n, title: "Cleaning Tablets", price: "12.50" };
export const GRINDER = { productId: 1008n, variantId: 2071n, title: "Burr Grinder", price: "150.00" };
const PRODUCTS = [MACHINE, TAMPER, MILK_JUG, TABLETS, GRINDER];

export interface UpsellShopOptions {
  emailEnabled?: boolean;
  emailDelayHours?: number;
  emailCapDays?: number;
  emailDiscountPercent?: number | null;
  primaryLocale?: string;
  currencyCode?: string;
  name?: string;
}

export async function seedUpsellShop(shop: string, options: UpsellShopOptions = {}): Promise<void> {
  await ensureShop(shop);
  await prisma.shop.update({
    where: { shop },
    data: {
      name: options.name ?? "Demo Coffee",
      primaryLocale: options.primaryLocale ?? "en",
      currencyCode: options.currencyCode ?? "USD",
    },
  });
  await prisma.shopSettings.update({
    where: { shop },
    data: {
      holdoutShare: 0,
      emailEnabled: options.emailEnabled ?? true,
      emailDelayHours: options.emailDelayHours ?? 72,
      emailCapDays: options.emailCapDays ?? 30,
      emailDiscountPercent: options.emailDiscountPercent ?? null,
    },
  });
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", accessToken: DEMO_ACCESS_TOKEN, isOnline: false },
  });
  for (const product of PRODUCTS) {
    await prisma.product.create({
      data: {
        shop,
        id: product.productId,
        title: product.title,
        handle: product.title.toLowerCase().replace(/\s+/g, "-"),
        productType: "Coffee gear",
        vendor: "Demo",
        tags: ["espresso"],
        collectionIds: [1n],
        imageUrl: `https://cdn.shopify.com/s/files/1/demo/${product.productId}.png`,
        priceMin: product.price,
        priceMax: product.price,
        sourceUpdatedAt: new Date("2026-10-01T00:00:00Z"),
      },
    });
    await prisma.variant.create({
      data: { shop, id: product.variantId, productId: product.productId, title: "Default Title", price: product.price },
    });
  }
  const neighbour = (id: bigint, score: number) => ({
    id: String(id),
    score,
    together: 12,
    support: 0.02,
    confidence: score,
    lift: 2.5,
    source: "history",
  });
  await prisma.productStat.createMany({
    data: [
      {
        shop,
        productId: MACHINE.productId,
        orderCount: 40,
        neighbours: [
          neighbour(TAMPER.productId, 0.4),
          neighbour(TABLETS.productId, 0.3),
          neighbour(MILK_JUG.productId, 0.2),
        ],
      },
      {
        shop,
        productId: GRINDER.productId,
        orderCount: 20,
        neighbours: [neighbour(TAMPER.productId, 0.35), neighbour(MACHINE.productId, 0.25)],
      },
    ],
  });
}

export interface StoredOrder {
  id: bigint;
  customerId: bigint | null;
  lines?: { productId: bigint; variantId: bigint; quantity?: number; price?: string }[];
  processedAt?: Date;
  cancelledAt?: Date | null;
  name?: string;
}

/** Stores an order and its lines as the ingest job would. */
export async function storeOrder(shop: string, order: StoredOrder): Promise<void> {
  const lines = order.lines ?? [{ productId: MACHINE.productId, variantId: MACHINE.variantId }];
  await prisma.order.create({
    data: {
      shop,
      id: order.id,
      name: order.name ?? `#${order.id}`,
      customerId: order.customerId,
      currencyCode: "USD",
      subtotalPrice: "400.00",
      totalPrice: "400.00",
      processedAt: order.processedAt ?? new Date(),
      cancelledAt: order.cancelledAt ?? null,
      sourceUpdatedAt: new Date(),
      counted: true,
    },
  });
  await prisma.orderLine.createMany({
    data: lines.map((line, index) => ({
      shop,
      id: order.id * 100n + BigInt(index),
      orderId: order.id,
      productId: line.productId,
      variantId: line.variantId,
      quantity: line.quantity ?? 1,
      price: line.price ?? "400.00",
    })),
  });
}
