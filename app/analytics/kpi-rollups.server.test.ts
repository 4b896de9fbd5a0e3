// The analytics rollups (offer_event_counts, offer_visitor_days; migration 20261124150000_kpi_rollups)
// equal what the raw offer_events give, whatever writes them, after deletes and updates, and go with the
// shop; and the dashboard figures taken from them equal the same figures computed from the raw rows.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import type { KpiFilters } from "./kpi-query";
import { ensureShop, eraseShop } from "../shops/shop.server";
import { kpiReport } from "./kpis.server";
import { uniqueShop } from "../../tests/support/shops";

const SHOP = uniqueShop("kpi-rollups");
const OTHER = uniqueShop("kpi-rollups-other");
const RANGE: KpiFilters = { from: "2026-11-01", to: "2026-11-04" };
const SURFACES = ["product", "cart", "drawer"];
const TYPES = ["impression", "impression", "impression", "click", "add_to_cart", "dismiss"];

/** Deterministic pseudo-random events over 6 days (the range and a day either side). */
function events(shop: string, count: number, seed: number) {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  return Array.from({ length: count }, () => {
    const offer = next(12);
    const visitor = next(25);
    return {
      shop,
      occurredAt: new Date(Date.UTC(2026, 9, 31, 0, 0, 0) + next(6 * 24) * 3_600_000 + next(3_600) * 1000),
      type: TYPES[next(TYPES.length)],
      surface: SURFACES[offer % 3],
      offerId: `pw_${offer.toString(16).padStart(16, "0")}`,
      offerKind: offer % 4 === 0 ? "upgrade" : "cross_sell",
      ruleId: offer % 3 === 1 ? `rule-${offer % 2}` : null,
      productId: offer % 2 === 0 ? BigInt(100 + (offer % 5)) : null,
      offeredProductId: BigInt(200 + offer),
      visitorId: visitor === 24 ? null : `v${visitor}`,
      holdout: visitor % 7 === 0,
    };
  });
}

const rawCounts = (shop: string) => prisma.$queryRaw<unknown[]>`
  SELECT occurred_at::date AS day, surface, offer_kind, coalesce(rule_id, '') AS rule_id, holdout, type, count(*)::int AS events
  FROM offer_events WHERE shop = ${shop} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
const rolledCounts = (shop: string) => prisma.$queryRaw<unknown[]>`
  SELECT day, surface, offer_kind, rule_id, holdout, type, events::int AS events
  FROM offer_event_counts WHERE shop = ${shop} ORDER BY 1, 2, 3, 4, 5, 6`;
const rawVisitorDays = (shop: string) => prisma.$queryRaw<unknown[]>`
  SELECT occurred_at::date AS day, visitor_id, holdout, array_agg(DISTINCT surface ORDER BY surface) AS surfaces,
    array_agg(DISTINCT offer_kind ORDER BY offer_kind) AS kinds, array_agg(DISTINCT coalesce(rule_id, '') ORDER BY coalesce(rule_id, '')) AS rules
  FROM offer_events WHERE shop = ${shop} AND type = 'impression' AND visitor_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const rolledVisitorDays = (shop: string) => prisma.$queryRaw<unknown[]>`
  SELECT day, visitor_id, holdout, ARRAY(SELECT x FROM unnest(surfaces) x ORDER BY 1) AS surfaces,
    ARRAY(SELECT x FROM unnest(kinds) x ORDER BY 1) AS kinds, ARRAY(SELECT x FROM unnest(rules) x ORDER BY 1) AS rules
  FROM offer_visitor_days WHERE shop = ${shop} ORDER BY 1, 2, 3`;

async function expectRollupsMatch(shop: string) {
  const counts = await rawCounts(shop);
  expect(counts.length).toBeGreaterThan(0);
  expect(await rolledCounts(shop)).toEqual(counts);
  const visitorDays = await rawVisitorDays(shop);
  expect(visitorDays.length).toBeGreaterThan(0);
  expect(await rolledVisitorDays(shop)).toEqual(visitorDays);
}

/** Distinct visitors shown offers straight from the raw events, per dimension key (the definition). */
async function rawReach(shop: string, filters: KpiFilters) {
  const rows = await prisma.$queryRaw<{ dim: string; key: string | null; visitors: number }[]>`
    WITH ev AS (
      SELECT visitor_id, surface, offer_kind, rule_id, to_char(occurred_at, 'YYYY-MM-DD') AS day FROM offer_events
      WHERE shop = ${shop} AND type = 'impression' AND NOT holdout AND visitor_id IS NOT NULL
        AND occurred_at >= ${filters.from}::date AND occurred_at < ${filters.to}::date + 1
        AND (${filters.surface ?? null}::text IS NULL OR surface = ${filters.surface ?? null}::text)
        AND (${filters.kind ?? null}::text IS NULL OR offer_kind = ${filters.kind ?? null}::text))
    SELECT 'total' AS dim, NULL AS key, count(DISTINCT visitor_id)::int AS visitors FROM ev
    UNION ALL SELECT 'surface', surface, count(DISTINCT visitor_id)::int FROM ev GROUP BY surface
    UNION ALL SELECT 'kind', offer_kind, count(DISTINCT visitor_id)::int FROM ev GROUP BY offer_kind
    UNION ALL SELECT 'rule', rule_id, count(DISTINCT visitor_id)::int FROM ev GROUP BY rule_id
    UNION ALL SELECT 'day', day, count(DISTINCT visitor_id)::int FROM ev GROUP BY day`;
  return rows;
}

async function expectReportReachMatches(shop: string, filters: KpiFilters) {
  const report = await kpiReport(shop, filters);
  const raw = await rawReach(shop, filters);
  const reported = [
    { dim: "total", key: null, visitors: report.totals.visitors },
    ...report.bySurface
      .filter((r) => r.impressions > 0)
      .map((r) => ({ dim: "surface", key: r.key, visitors: r.visitors })),
    ...report.byKind.filter((r) => r.impressions > 0).map((r) => ({ dim: "kind", key: r.key, visitors: r.visitors })),
    ...report.byRule.filter((r) => r.impressions > 0).map((r) => ({ dim: "rule", key: r.key, visitors: r.visitors })),
    ...report.daily.filter((d) => d.impressions > 0).map((d) => ({ dim: "day", key: d.day, visitors: d.visitors })),
  ];
  const order = (rows: { dim: string; key: string | null }[]) =>
    [...rows].sort((a, b) => `${a.dim}|${a.key}`.localeCompare(`${b.dim}|${b.key}`));
  expect(order(reported)).toEqual(order(raw));
  // Visitors seen on several days of the range are in the data (the path that de-duplicates them).
  const [{ repeat }] = await prisma.$queryRaw<{ repeat: number }[]>`
    SELECT count(*)::int AS repeat FROM (SELECT visitor_id FROM offer_events WHERE shop = ${shop} AND type = 'impression' AND NOT holdout
      AND occurred_at >= ${filters.from}::date AND occurred_at < ${filters.to}::date + 1
      GROUP BY visitor_id HAVING count(DISTINCT occurred_at::date) > 1) x`;
  expect(repeat).toBeGreaterThan(0);
  return report;
}

beforeAll(async () => {
  await ensureShop(SHOP);
  await ensureShop(OTHER);
  // Beacon-sized inserts, one bigger batch, and a bulk INSERT ... SELECT: the triggers see each statement's rows.
  const rows = events(SHOP, 600, 7);
  for (let i = 0; i < 60; i += 3) await prisma.offerEvent.createMany({ data: rows.slice(i, i + 3) });
  await prisma.offerEvent.create({ data: rows[60] });
  await prisma.offerEvent.createMany({ data: rows.slice(61, 400) });
  await prisma.offerEvent.createMany({ data: rows.slice(400) });
  await prisma.$executeRaw`
    INSERT INTO offer_events (shop, occurred_at, type, surface, offer_id, offer_kind, rule_id, product_id, offered_product_id, visitor_id, holdout)
    SELECT shop, occurred_at + interval '1 day', type, surface, offer_id, offer_kind, rule_id, product_id, offered_product_id, visitor_id, holdout
    FROM offer_events WHERE shop = ${SHOP} AND id % 5 = 0`;
  await prisma.offerEvent.createMany({ data: events(OTHER, 300, 11) });
});

describe("offer event rollups", () => {
  it("equal the raw events' counts and visitor-days, shop by shop", async () => {
    await expectRollupsMatch(SHOP);
    await expectRollupsMatch(OTHER);
  });

  it("stay equal after events are updated and deleted", async () => {
    const shop = uniqueShop("kpi-rollups-edit");
    await ensureShop(shop);
    await prisma.offerEvent.createMany({ data: events(shop, 200, 3) });
    await prisma.$executeRaw`UPDATE offer_events SET surface = 'cart', type = 'impression' WHERE shop = ${shop} AND id % 4 = 0`;
    await prisma.$executeRaw`DELETE FROM offer_events WHERE shop = ${shop} AND id % 3 = 0`;
    await prisma.offerEvent.deleteMany({ where: { shop, visitorId: "v3" } });
    await expectRollupsMatch(shop);
    await expectRollupsMatch(OTHER);
  });

  it("go with the shop", async () => {
    const shop = uniqueShop("kpi-rollups-erased");
    await ensureShop(shop);
    await prisma.offerEvent.createMany({ data: events(shop, 100, 5) });
    await expectRollupsMatch(shop);
    await eraseShop(shop);
    expect(await rolledCounts(shop)).toEqual([]);
    expect(await rolledVisitorDays(shop)).toEqual([]);
    await expectRollupsMatch(OTHER);
  });
});

describe("dashboard figures from the rollups", () => {
  it("distinct visitors shown offers equal the raw events' (total, per surface, kind, rule, day)", async () => {
    const report = await expectReportReachMatches(SHOP, RANGE);
    expect(report.totals.visitors).toBeGreaterThan(0);
  });

  it("and with filters (read from the raw impressions)", async () => {
    await expectReportReachMatches(SHOP, { ...RANGE, surface: "product" });
    await expectReportReachMatches(SHOP, { ...RANGE, kind: "cross_sell" });
  });

  it("event counts equal the raw events' with every filter", async () => {
    for (const filters of [
      RANGE,
      { ...RANGE, surface: "cart" as const },
      { ...RANGE, kind: "upgrade" as const },
      { ...RANGE, rule: "rule-1" },
      { ...RANGE, rule: "none" },
    ]) {
      const { totals, daily } = await kpiReport(SHOP, filters);
      const [raw] = await prisma.$queryRaw<
        { impressions: number; clicks: number; add_to_carts: number; dismissals: number }[]
      >`
        SELECT count(*) FILTER (WHERE type = 'impression')::int AS impressions, count(*) FILTER (WHERE type = 'click')::int AS clicks,
          count(*) FILTER (WHERE type = 'add_to_cart')::int AS add_to_carts, count(*) FILTER (WHERE type = 'dismiss')::int AS dismissals
        FROM offer_events WHERE shop = ${SHOP} AND NOT holdout AND occurred_at >= ${RANGE.from}::date AND occurred_at < ${RANGE.to}::date + 1
          AND (${filters.surface ?? null}::text IS NULL OR surface = ${filters.surface ?? null}::text)
          AND (${filters.kind ?? null}::text IS NULL OR offer_kind = ${filters.kind ?? null}::text)
          AND (${filters.rule ?? null}::text IS NULL OR (${filters.rule ?? null}::text = 'none' AND rule_id IS NULL) OR rule_id = ${filters.rule ?? null}::text)`;
      expect({
        impressions: totals.impressions,
        clicks: totals.clicks,
        add_to_carts: totals.addToCarts,
        dismissals: totals.dismissals,
      }).toEqual(raw);
      expect(daily.reduce((sum, d) => sum + d.impressions, 0)).toBe(raw.impressions);
    }
  });

  it("the top pairs are the head of the full ranking, ties at the cutoff included", async () => {
    // Orders for 9 of the 12 offers, with equal revenues so that the cutoff falls inside a tie.
    const lineOf = (offer: number, i: number) => ({
      id: BigInt(9_000_000 + offer * 100 + i),
      productId: BigInt(200 + offer),
      variantId: BigInt(2000 + offer),
      quantity: 1,
      price: offer < 6 ? "30.00" : "50.00",
      offerId: `pw_${offer.toString(16).padStart(16, "0")}`,
      offerSurface: SURFACES[offer % 3],
      offerKind: offer % 4 === 0 ? "upgrade" : "cross_sell",
    });
    for (const offer of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      for (let i = 0; i < (offer % 2) + 1; i++) {
        await prisma.order.create({
          data: {
            shop: SHOP,
            id: BigInt(900_000 + offer * 100 + i),
            name: `#p${offer}-${i}`,
            visitorId: `v${offer}`,
            currencyCode: "USD",
            subtotalPrice: "80.00",
            totalPrice: "80.00",
            counted: true,
            processedAt: new Date("2026-11-03T20:00:00Z"),
            sourceUpdatedAt: new Date("2026-11-03T20:00:00Z"),
            lines: { create: [lineOf(offer, i)] },
          },
        });
      }
    }
    const full = (await kpiReport(SHOP, RANGE, { pairLimit: 1000 })).topPairs;
    expect(full.filter((p) => p.revenue > 0).length).toBeGreaterThan(8);
    for (const limit of [1, 3, 4, 5, 8]) {
      expect((await kpiReport(SHOP, RANGE, { pairLimit: limit })).topPairs).toEqual(full.slice(0, limit));
    }
    // With a filter too.
    const cart = (await kpiReport(SHOP, { ...RANGE, surface: "cart" }, { pairLimit: 1000 })).topPairs;
    expect((await kpiReport(SHOP, { ...RANGE, surface: "cart" }, { pairLimit: 2 })).topPairs).toEqual(cart.slice(0, 2));
  });
});
