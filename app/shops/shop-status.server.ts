// What the admin home shows at a glance: is the app receiving data, what has it learned, are the
// storefront widgets showing offers, and what to do next.
import prisma from "../db.server";
import { storedPairCount } from "../recommender/store/pair-storage.server";

export interface RecentOffer {
  occurredAt: string;
  surface: string;
  offerKind: string;
  productTitle: string | null;
  offeredTitle: string | null;
}

export interface ShopStatus {
  shopName: string | null;
  currencyCode: string | null;
  products: number;
  ordersIngested: number;
  ordersCounted: number;
  lastOrderAt: string | null;
  rules: number;
  rulesEnabled: number;
  /** Product pairs with order statistics, and products that have recommendations. */
  pairs: number;
  productsWithNeighbours: number;
  overrides: number;
  backfill: {
    status: string;
    rowsDone: number;
    rowsTotal: number | null;
    startedAt: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
  /** Impressions in the last 7 days, and the latest impression per surface (a widget that works shows offers). */
  impressions7d: number;
  lastImpressionBySurface: Record<string, string>;
  recentOffers: RecentOffer[];
}

const WEEK_MS = 7 * 86_400_000;

export async function getShopStatus(shop: string, now = new Date()): Promise<ShopStatus> {
  const [
    shopRow,
    products,
    ordersIngested,
    ordersCounted,
    lastOrder,
    rules,
    rulesEnabled,
    pairs,
    productsWithNeighbours,
    overrides,
    backfill,
    impressions7d,
    bySurface,
    recent,
  ] = await Promise.all([
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
    prisma.rule.count({ where: { shop, enabled: true } }),
    storedPairCount(prisma, shop),
    prisma.productStat.count({ where: { shop, NOT: { neighbours: { equals: [] } } } }),
    prisma.pairOverride.count({ where: { shop } }),
    prisma.backfillRun.findFirst({
      where: { shop },
      orderBy: { startedAt: "desc" },
      select: { status: true, rowsDone: true, rowsTotal: true, startedAt: true, finishedAt: true, error: true },
    }),
    prisma.offerEvent.count({
      where: { shop, type: "impression", occurredAt: { gte: new Date(now.getTime() - WEEK_MS) } },
    }),
    prisma.offerEvent.groupBy({ by: ["surface"], where: { shop, type: "impression" }, _max: { occurredAt: true } }),
    prisma.offerEvent.findMany({
      where: { shop, type: "impression" },
      orderBy: { occurredAt: "desc" },
      take: 5,
      select: { occurredAt: true, surface: true, offerKind: true, productId: true, offeredProductId: true },
    }),
  ]);
  const productIds = [
    ...new Set(
      recent.flatMap((event) => [event.productId, event.offeredProductId]).filter((id): id is bigint => id !== null),
    ),
  ];
  const titles = new Map(
    productIds.length
      ? (
          await prisma.product.findMany({ where: { shop, id: { in: productIds } }, select: { id: true, title: true } })
        ).map((p) => [p.id, p.title])
      : [],
  );
  return {
    shopName: shopRow?.name ?? null,
    currencyCode: shopRow?.currencyCode ?? null,
    products,
    ordersIngested,
    ordersCounted,
    lastOrderAt: lastOrder?.processedAt.toISOString() ?? null,
    rules,
    rulesEnabled,
    pairs,
    productsWithNeighbours,
    overrides,
    backfill: backfill
      ? {
          ...backfill,
          startedAt: backfill.startedAt.toISOString(),
          finishedAt: backfill.finishedAt?.toISOString() ?? null,
        }
      : null,
    impressions7d,
    lastImpressionBySurface: Object.fromEntries(
      bySurface.flatMap((row) => (row._max.occurredAt ? [[row.surface, row._max.occurredAt.toISOString()]] : [])),
    ),
    recentOffers: recent.map((event) => ({
      occurredAt: event.occurredAt.toISOString(),
      surface: event.surface,
      offerKind: event.offerKind,
      productTitle: event.productId === null ? null : (titles.get(event.productId) ?? null),
      offeredTitle: event.offeredProductId === null ? null : (titles.get(event.offeredProductId) ?? null),
    })),
  };
}
