// What the benchmarks share: the database, a synthetic shop with ~500k order lines (built once,
// by the first benchmark that needs it), and timing helpers.
import pg from "pg";
import prisma from "../../app/db.server";
import { rebuildPairStats } from "../../app/recommender/store/pair-stats.server";
import { ensureShop } from "../../app/shops/shop.server";
import { syntheticBaskets } from "../../app/recommender/core/synthetic-baskets";

export interface BenchRow {
  bench: string;
  metric: string;
  value: string;
  target?: string;
  /** undefined: informative only. */
  ok?: boolean;
}

export interface BenchContext {
  databaseUrl: string;
  /** A plain pg client for set-up and baselines (outside the code under test). */
  sql: pg.Client;
  /** The bench shop, its orders and lines inserted (once per run). */
  shop(): Promise<BenchShop>;
  /** The bench shop with its pair statistics built (by benchmark (a), or here when run alone). */
  shopWithStats(): Promise<BenchShop>;
  log(line: string): void;
}

export interface BenchShop {
  shop: string;
  orders: number;
  lines: number;
  products: number;
  baskets: number[][];
  firstProductId: number;
}

export const BENCH_SHOP = "bench-shop.myshopify.com";

/**
 * ~500k order lines: 5,000 products with Zipf popularity and planted complement groups
 * (app/recommender/core/synthetic-baskets.ts, as `generate-orders.ts --products 5000` would write them),
 * 120,000 orders over the last 180 days, ids like Shopify's.
 */
export const DATASET = {
  seed: 42,
  products: 5_000,
  orders: 120_000,
  complementGroups: 1_000,
  groupShare: 0.5,
  meanExtraItems: 2.5,
  zipfExponent: 1,
  firstId: 8_000_000_000_000,
} as const;

export function createContext(databaseUrl: string, sql: pg.Client, log: (line: string) => void): BenchContext {
  let built: Promise<BenchShop> | undefined;
  return {
    databaseUrl,
    sql,
    log,
    shop: () => (built ??= buildShop(sql, log)),
    shopWithStats: async () => {
      const data = await (built ??= buildShop(sql, log));
      if (!(await prisma.recommenderState.findUnique({ where: { shop: data.shop } })))
        await rebuildPairStats(data.shop);
      return data;
    },
  };
}

async function buildShop(sql: pg.Client, log: (line: string) => void): Promise<BenchShop> {
  const started = performance.now();
  const { orders: baskets } = syntheticBaskets(DATASET);
  const shop = BENCH_SHOP;
  await ensureShop(shop);
  const firstOrderId = 5_000_000_000_000;
  const now = Date.now();
  const batch = 20_000;
  let lineId = 7_000_000_000_000;
  let lines = 0;
  for (let start = 0; start < baskets.length; start += batch) {
    const orderIds: string[] = [];
    const processed: string[] = [];
    const lineIds: string[] = [];
    const lineOrders: string[] = [];
    const lineProducts: string[] = [];
    for (let o = start; o < Math.min(baskets.length, start + batch); o++) {
      const id = String(firstOrderId + o);
      orderIds.push(id);
      // Spread over 180 days, oldest first.
      processed.push(new Date(now - (baskets.length - o) * ((180 * 86_400_000) / baskets.length)).toISOString());
      for (const product of baskets[o]) {
        lineIds.push(String(lineId++));
        lineOrders.push(id);
        lineProducts.push(String(product));
      }
    }
    lines += lineIds.length;
    await sql.query(
      `INSERT INTO orders (shop, id, name, currency_code, subtotal_price, total_price, processed_at, source_updated_at, counted)
       SELECT $1, u.id, '#' || u.id, 'USD', 10, 10, u.at AT TIME ZONE 'UTC', u.at AT TIME ZONE 'UTC', true
       FROM unnest($2::bigint[], $3::timestamptz[]) AS u(id, at)`,
      [shop, orderIds, processed],
    );
    await sql.query(
      `INSERT INTO order_lines (shop, id, order_id, product_id, variant_id, quantity, price)
       SELECT $1, u.id, u.order_id, u.product_id, u.product_id + 1, 1, 10
       FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS u(id, order_id, product_id)`,
      [shop, lineIds, lineOrders, lineProducts],
    );
  }
  await sql.query("VACUUM ANALYZE orders");
  await sql.query("VACUUM ANALYZE order_lines");
  log(
    `bench shop: ${baskets.length} orders, ${lines} lines inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { shop, orders: baskets.length, lines, products: DATASET.products, baskets, firstProductId: DATASET.firstId };
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(sample: readonly number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(sample: readonly number[]): number {
  return percentile(sample, 50);
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

export { prisma };
