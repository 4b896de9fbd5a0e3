// Needs a migrated database in DATABASE_URL (the test setup gives each file its own).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCESS_TOKEN, DEMO_PRODUCTS, DEMO_SHOP, demoOrders, demoProductByHandle } from "./demo-catalog";
import { kpiReport } from "../analytics/kpis.server";
import { DEMO_OFFLINE_SESSION_ID, seedDemoShop } from "./seed.server";

const NOW = new Date("2026-11-23T12:00:00Z");
const OTHER_SHOP = "other-shop.myshopify.com";
// Every table the seed writes; shop_settings.updated_at is set by Prisma at write time.
const SEEDED_TABLES = [
  "shops",
  "shop_settings",
  "collections",
  "products",
  "variants",
  "orders",
  "order_lines",
  "offer_events",
];

describe.skipIf(!process.env.DATABASE_URL)("seedDemoShop", () => {
  let prisma: PrismaClient;

  /** One hash per table over the demo shop's rows, to compare two seeds row for row. */
  async function fingerprint(): Promise<Record<string, string | null>> {
    const result: Record<string, string | null> = {};
    for (const table of [...SEEDED_TABLES, "Session"]) {
      const where = table === "Session" ? `"shop" = $1` : `shop = $1`;
      // offer_events' ids and shops' rules_version and catalog_version (cache tokens, decisions
      // 013 and 014) come from sequences: compare the rows without them.
      const row =
        table === "offer_events"
          ? `(to_jsonb(t) - 'updated_at' - 'id')`
          : table === "shops"
            ? `(to_jsonb(t) - 'updated_at' - 'rules_version' - 'catalog_version')`
            : `(to_jsonb(t) - 'updated_at')`;
      const rows = await prisma.$queryRawUnsafe<Array<{ hash: string | null }>>(
        `SELECT md5(string_agg(${row}::text, '|' ORDER BY ${row}::text)) AS hash
           FROM "${table}" t WHERE ${where}`,
        DEMO_SHOP,
      );
      result[table] = rows[0].hash;
    }
    return result;
  }

  beforeAll(() => {
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
  });

  afterAll(async () => {
    await prisma.shop.deleteMany({ where: { shop: { in: [DEMO_SHOP, OTHER_SHOP] } } });
    await prisma.session.deleteMany({ where: { shop: DEMO_SHOP } });
    await prisma.$disconnect();
  });

  // How fast is measured by `npm run bench -- seed`, not here: a test's clock measures the machine's load.
  it("writes the shop, its default settings, offline session, catalog and 3000 orders", async () => {
    const counts = await seedDemoShop(prisma, { now: NOW });

    const variants = DEMO_PRODUCTS.reduce((sum, product) => sum + product.variants.length, 0);
    expect(counts).toEqual({
      products: DEMO_PRODUCTS.length,
      variants,
      orders: 3000,
      lines: counts.lines,
      offerEvents: counts.offerEvents,
    });
    expect(await prisma.offerEvent.count({ where: { shop: DEMO_SHOP } })).toBe(counts.offerEvents);
    expect(counts.lines).toBeGreaterThan(3000);
    expect(await prisma.product.count({ where: { shop: DEMO_SHOP } })).toBe(counts.products);
    expect(await prisma.variant.count({ where: { shop: DEMO_SHOP } })).toBe(counts.variants);
    expect(await prisma.order.count({ where: { shop: DEMO_SHOP } })).toBe(3000);
    expect(await prisma.orderLine.count({ where: { shop: DEMO_SHOP } })).toBe(counts.lines);

    expect(await prisma.shop.findUnique({ where: { shop: DEMO_SHOP } })).toMatchObject({
      name: "Pairwise Demo Coffee",
      currencyCode: "USD",
      moneyFormat: "${{amount}}",
      uninstalledAt: null,
    });
    expect(await prisma.shopSettings.findUnique({ where: { shop: DEMO_SHOP } })).toMatchObject({
      maxOffersPerSurface: 3,
      emailEnabled: false,
    });
    expect(await prisma.session.findUnique({ where: { id: DEMO_OFFLINE_SESSION_ID } })).toMatchObject({
      shop: DEMO_SHOP,
      state: "",
      isOnline: false,
      accessToken: DEMO_ACCESS_TOKEN,
      scope: expect.stringContaining("read_orders"),
    });
    expect(await prisma.collection.count({ where: { shop: DEMO_SHOP } })).toBeGreaterThan(3);
  });

  it("gives the Analytics page a month of offer traffic, attributed orders and a holdout", async () => {
    const report = await kpiReport(DEMO_SHOP, { from: "2026-10-25", to: "2026-11-23" });
    expect(report.totals.impressions).toBeGreaterThan(1000);
    expect(report.totals.addToCarts).toBeGreaterThan(0);
    expect(report.orders.crossSellOrders).toBeGreaterThan(0);
    expect(report.orders.upsellOrders).toBeGreaterThan(0);
    expect(report.experiment.holdout.visitors).toBeGreaterThan(0);
    expect(report.experiment.treatment.visitors).toBeGreaterThan(report.experiment.holdout.visitors);
    // Every attributed line has its visitor's add-to-cart of that offer before the order.
    const unexplained = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM order_lines l JOIN orders o ON o.shop = l.shop AND o.id = l.order_id
      WHERE l.shop = ${DEMO_SHOP} AND l.offer_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM offer_events e WHERE e.shop = l.shop AND e.offer_id = l.offer_id AND e.visitor_id = o.visitor_id
          AND e.type = 'add_to_cart' AND NOT e.holdout AND e.occurred_at <= o.processed_at)`;
    expect(Number(unexplained[0].n)).toBe(0);
  });

  it("derives price range and availability from the variants", async () => {
    const home = await prisma.product.findUniqueOrThrow({
      where: { shop_id: { shop: DEMO_SHOP, id: demoProductByHandle("aria-home-espresso-machine").id } },
    });
    expect([home.priceMin.toFixed(2), home.priceMax.toFixed(2), home.available]).toEqual(["429.00", "449.00", true]);
    expect(home.collectionIds.length).toBeGreaterThan(0);

    const soldOut = await prisma.product.findUniqueOrThrow({
      where: { shop_id: { shop: DEMO_SHOP, id: demoProductByHandle("coffee-scale-pro").id } },
    });
    expect(soldOut.available).toBe(false);
    expect(
      await prisma.variant.count({ where: { shop: DEMO_SHOP, available: false, inventoryQuantity: 0 } }),
    ).toBeGreaterThan(3);
  });

  it("counts only orders that are neither test nor cancelled, and computes no statistics", async () => {
    const expected = demoOrders({ seed: 1, now: NOW }).filter(
      (order) => !order.test && order.cancelledAt === null,
    ).length;
    expect(await prisma.order.count({ where: { shop: DEMO_SHOP, counted: true } })).toBe(expected);
    expect(
      await prisma.order.count({
        where: { shop: DEMO_SHOP, counted: true, OR: [{ test: true }, { NOT: { cancelledAt: null } }] },
      }),
    ).toBe(0);
    expect(await prisma.productStat.count({ where: { shop: DEMO_SHOP } })).toBe(0);
    expect(await prisma.pairStat.count({ where: { shop: DEMO_SHOP } })).toBe(0);
  });

  it("is idempotent: a rerun gives the same rows, drops the demo shop's leftovers and leaves other shops alone", async () => {
    await seedDemoShop(prisma, { orders: 500, seed: 7, now: NOW });
    const first = await fingerprint();

    // Leftovers a demo session might create, and another shop's data.
    const [productA, productB] = DEMO_PRODUCTS;
    await prisma.pairStat.create({
      data: { shop: DEMO_SHOP, productA: productA.id, productB: productB.id, together: 3 },
    });
    await prisma.order.update({
      where: { shop_id: { shop: DEMO_SHOP, id: 5_000_000_000_001n } },
      data: { counted: false },
    });
    await prisma.shop.create({ data: { shop: OTHER_SHOP } });
    await prisma.collection.create({ data: { shop: OTHER_SHOP, id: 1n, title: "Other", handle: "other" } });

    const counts = await seedDemoShop(prisma, { orders: 500, seed: 7, now: NOW });
    expect(counts.orders).toBe(500);
    expect(await fingerprint()).toEqual(first);
    expect(Object.values(first).every((hash) => hash !== null)).toBe(true);
    expect(await prisma.pairStat.count({ where: { shop: DEMO_SHOP } })).toBe(0);
    expect(await prisma.collection.count({ where: { shop: OTHER_SHOP } })).toBe(1);
    expect(await prisma.session.count({ where: { id: DEMO_OFFLINE_SESSION_ID } })).toBe(1);
  });
});
