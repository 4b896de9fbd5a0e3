// What the admin home shows at a glance: is the app receiving data, and what has it learned.
import prisma from "../db.server";

export interface ShopStatus {
  shopName: string | null;
  currencyCode: string | null;
  products: number;
  ordersIngested: number;
  ordersCounted: number;
  lastOrderAt: string | null;
  rules: number;
}

export async function getShopStatus(shop: string): Promise<ShopStatus> {
  const [shopRow, products, ordersIngested, ordersCounted, lastOrder, rules] = await Promise.all([
    prisma.shop.findUnique({ where: { shop }, select: { name: true, currencyCode: true } }),
    prisma.product.count({ where: { shop, deletedAt: null } }),
    prisma.order.count({ where: { shop } }),
    prisma.order.count({ where: { shop, counted: true } }),
    prisma.order.findFirst({
      where: { shop },
      orderBy: { processedAt: "desc" },
      select: { processedAt: true },
    }),
    prisma.rule.count({ where: { shop } }),
  ]);
  return {
    shopName: shopRow?.name ?? null,
    currencyCode: shopRow?.currencyCode ?? null,
    products,
    ordersIngested,
    ordersCounted,
    lastOrderAt: lastOrder?.processedAt.toISOString() ?? null,
    rules,
  };
}
