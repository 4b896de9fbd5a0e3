// The KPIs against a seeded shop whose every number was computed by hand (the arithmetic is in the
// comments), next to a second shop holding the very same rows (same order, line, visitor, customer
// and offer ids): any query that forgot its shop would double a figure.
// Over 400 lines on purpose (#14): one hand-computed shop shared by every KPI's assertions.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { sampleOf, welchInterval } from "./stats";
import type { KpiFilters } from "./kpi-query";
import { ensureShop } from "../shops/shop.server";
import { attributedLines, kpiReport, type BreakdownRow } from "./kpis.server";
import { uniqueShop } from "../../tests/support/shops";

const SHOP = uniqueShop("kpis");
const OTHER = uniqueShop("kpis-other");
const RANGE: KpiFilters = { from: "2026-11-01", to: "2026-11-03" };

// Products
const MACHINE = 1n;
const TAMPER = 2n;
const MILK_JUG = 3n;
const MACHINE_PRO = 4n;
const TABLETS = 5n;

// Offers: OA tamper with the machine (rule R1, product page), OB milk jug (recommender, cart),
// OC machine → pro upgrade (rule R2, product page), OD tablets in checkout (no events recorded).
const OA = "pw_aaaaaaaaaaaaaaaa";
const OB = "pw_bbbbbbbbbbbbbbbb";
const OC = "pw_cccccccccccccccc";
const OD = "pw_dddddddddddddddd";
const ruleIds = (shop: string) => ({ R1: `r1-${shop.split(".")[0]}`, R2: `r2-${shop.split(".")[0]}` });

const at = (iso: string) => new Date(`${iso}Z`);

interface LineSeed {
  product: bigint;
  price: string;
  quantity?: number;
  refunded?: number;
  discount?: string;
  offer?: [string, string, string];
}

async function order(
  shop: string,
  id: number,
  options: {
    at: string;
    visitor?: string;
    customer?: number;
    subtotal: string;
    counted?: boolean;
    cancelled?: boolean;
    lines: LineSeed[];
    refund?: boolean;
  },
) {
  await prisma.order.create({
    data: {
      shop,
      id: BigInt(id),
      name: `#${id}`,
      visitorId: options.visitor ?? null,
      customerId: options.customer === undefined ? null : BigInt(options.customer),
      currencyCode: "USD",
      subtotalPrice: options.subtotal,
      totalPrice: options.subtotal,
      processedAt: at(options.at),
      cancelledAt: options.cancelled ? at(options.at) : null,
      sourceUpdatedAt: at(options.at),
      counted: options.counted ?? true,
      lines: {
        create: options.lines.map((line, i) => ({
          id: BigInt(id * 10 + i),
          productId: line.product,
          variantId: line.product * 10n,
          quantity: line.quantity ?? 1,
          refundedQuantity: line.refunded ?? 0,
          price: line.price,
          totalDiscount: line.discount ?? "0",
          offerId: line.offer?.[0] ?? null,
          offerSurface: line.offer?.[1] ?? null,
          offerKind: line.offer?.[2] ?? null,
        })),
      },
    },
  });
  if (options.refund) {
    const refunded = options.lines.findIndex((line) => (line.refunded ?? 0) > 0);
    await prisma.orderRefund.create({
      data: {
        shop,
        id: BigInt(id * 100),
        orderId: BigInt(id),
        lines: [{ lineItemId: String(id * 10 + refunded), quantity: options.lines[refunded].refunded }],
      },
    });
  }
}

async function seed(shop: string) {
  await ensureShop(shop);
  const { R1, R2 } = ruleIds(shop);
  await prisma.rule.createMany({
    data: [
      {
        id: R1,
        shop,
        kind: "CROSS_SELL",
        name: "Tamper with the machine",
        trigger: {},
        offer: {},
        surfaces: ["product"],
      },
      { id: R2, shop, kind: "UPGRADE", name: "Go pro", trigger: {}, offer: {}, surfaces: ["product"] },
    ],
  });
  await prisma.product.createMany({
    data: [
      [MACHINE, "Espresso Machine"],
      [TAMPER, "Tamper"],
      [MILK_JUG, "Milk Jug"],
      [MACHINE_PRO, "Espresso Machine Pro"],
      [TABLETS, "Cleaning Tablets"],
    ].map(([id, title]) => ({
      shop,
      id: id as bigint,
      title: title as string,
      handle: `p-${id}`,
      sourceUpdatedAt: new Date(),
    })),
  });

  type E = [visitor: string, type: string, offer: string, time: string, holdout?: boolean];
  const offers: Record<
    string,
    { surface: string; kind: string; rule: string | null; anchor: bigint | null; offered: bigint }
  > = {
    [OA]: { surface: "product", kind: "cross_sell", rule: R1, anchor: MACHINE, offered: TAMPER },
    [OB]: { surface: "cart", kind: "cross_sell", rule: null, anchor: null, offered: MILK_JUG },
    [OC]: { surface: "product", kind: "upgrade", rule: R2, anchor: MACHINE, offered: MACHINE_PRO },
  };
  const events: E[] = [
    ["v1", "impression", OA, "2026-10-31T23:00:00"], // before the range
    ["v1", "impression", OA, "2026-11-01T10:00:00"],
    ["v1", "click", OA, "2026-11-01T10:01:00"],
    ["v1", "add_to_cart", OA, "2026-11-01T10:05:00"],
    ["v1", "impression", OB, "2026-11-01T10:06:00"],
    ["v2", "impression", OA, "2026-11-01T12:00:00"],
    ["v2", "impression", OC, "2026-11-01T12:00:00"],
    ["v2", "click", OC, "2026-11-01T12:01:00"],
    ["v2", "add_to_cart", OC, "2026-11-01T12:02:00"],
    ["v3", "impression", OB, "2026-11-02T09:00:00"],
    ["v3", "dismiss", OB, "2026-11-02T09:01:00"],
    ["v4", "impression", OA, "2026-11-02T15:00:00"],
    // The holdout: what held-out visitors would have been shown.
    ["h1", "impression", OA, "2026-11-01T09:00:00", true],
    ["h2", "impression", OB, "2026-11-02T09:00:00", true],
    ["v5", "impression", OA, "2026-11-04T09:00:00"], // after the range
  ];
  await prisma.offerEvent.createMany({
    data: events.map(([visitorId, type, offerId, time, holdout]) => ({
      shop,
      visitorId,
      type,
      offerId,
      occurredAt: at(time),
      holdout: holdout ?? false,
      surface: offers[offerId].surface,
      offerKind: offers[offerId].kind,
      ruleId: offers[offerId].rule,
      productId: offers[offerId].anchor,
      offeredProductId: offers[offerId].offered,
    })),
  });

  // Counted orders in the range. Values: subtotal less refunded units.
  await order(shop, 1001, {
    at: "2026-11-01T11:00:00",
    visitor: "v1",
    subtotal: "430.00",
    lines: [
      { product: MACHINE, price: "400.00" },
      { product: TAMPER, price: "30.00", offer: [OA, "product", "cross_sell"] }, // 30
    ],
  });
  await order(shop, 1002, {
    at: "2026-11-01T13:00:00",
    visitor: "v2",
    subtotal: "504.00",
    lines: [
      { product: MACHINE_PRO, price: "560.00", discount: "56.00", offer: [OC, "product", "upgrade"] }, // 504, discount 56
    ],
  });
  await order(shop, 1003, {
    at: "2026-11-02T10:00:00",
    visitor: "v3",
    subtotal: "52.00",
    refund: true,
    lines: [
      { product: MILK_JUG, price: "20.00", quantity: 2, refunded: 1, offer: [OB, "cart", "cross_sell"] }, // 1 unit, 20; value 52 − 20 = 32
      { product: TABLETS, price: "12.00", offer: [OD, "checkout", "cross_sell"] }, // 12, no event: no rule, not "converting"
    ],
  });
  await order(shop, 1004, {
    at: "2026-11-02T12:00:00",
    visitor: "h1",
    subtotal: "400.00",
    lines: [{ product: MACHINE, price: "400.00" }],
  });
  await order(shop, 1005, {
    at: "2026-11-03T09:00:00",
    customer: 77,
    subtotal: "30.00",
    lines: [{ product: TAMPER, price: "30.00" }],
  });
  // Bought after a post-purchase email offered it (no line property): credited to the email.
  await order(shop, 1009, {
    at: "2026-11-03T12:00:00",
    customer: 77,
    subtotal: "20.00",
    lines: [{ product: MILK_JUG, price: "20.00" }],
  }); // 20
  await order(shop, 1010, {
    at: "2026-11-02T08:00:00",
    customer: 99,
    subtotal: "27.00",
    lines: [{ product: TAMPER, price: "30.00", discount: "3.00" }],
  }); // 27, discount 3
  // Never counted: cancelled, out of the range.
  await order(shop, 1006, {
    at: "2026-11-03T10:00:00",
    visitor: "v4",
    subtotal: "30.00",
    counted: false,
    cancelled: true,
    lines: [{ product: TAMPER, price: "30.00", offer: [OA, "product", "cross_sell"] }],
  });
  await order(shop, 999, {
    at: "2026-10-20T10:00:00",
    customer: 77,
    subtotal: "400.00",
    lines: [{ product: MACHINE, price: "400.00" }],
  });
  await order(shop, 1008, {
    at: "2026-10-31T10:00:00",
    visitor: "v1",
    subtotal: "30.00",
    lines: [{ product: TAMPER, price: "30.00", offer: [OA, "product", "cross_sell"] }],
  });

  const item = (offerId: string, productId: bigint) => ({
    offerId,
    kind: "cross_sell",
    productId: String(productId),
    variantId: String(productId * 10n),
    title: "x",
    variantTitle: null,
    imageUrl: null,
    price: 1,
  });
  await prisma.emailSend.createMany({
    data: [
      // Before the range; its customer's order 1009 (9 days later) of the milk jug is credited to it.
      {
        shop,
        orderId: 999n,
        customerId: 77n,
        status: "SENT",
        scheduledFor: at("2026-10-25T10:00:00"),
        sentAt: at("2026-10-25T10:00:00"),
        offers: [item("pw_e1e1e1e1e1e1e1e1", MILK_JUG), item("pw_e2e2e2e2e2e2e2e2", TABLETS)],
      },
      // In the range: opened, then order 1010 of the tamper a day later.
      {
        shop,
        orderId: 990n,
        customerId: 99n,
        status: "SENT",
        scheduledFor: at("2026-11-01T08:00:00"),
        sentAt: at("2026-11-01T08:00:00"),
        openedAt: at("2026-11-01T09:00:00"),
        offers: [item("pw_e3e3e3e3e3e3e3e3", TAMPER)],
      },
      // In the range, nothing ordered.
      {
        shop,
        orderId: 991n,
        customerId: 88n,
        status: "SENT",
        scheduledFor: at("2026-11-02T08:00:00"),
        sentAt: at("2026-11-02T08:00:00"),
        offers: [item("pw_e4e4e4e4e4e4e4e4", TABLETS)],
      },
      // Skipped: not an email.
      {
        shop,
        orderId: 992n,
        customerId: 66n,
        status: "SKIPPED",
        skipReason: "no_consent",
        scheduledFor: at("2026-11-02T08:00:00"),
        offers: [],
      },
    ],
  });
}

const row = (rows: BreakdownRow[], key: string | null) => rows.find((r) => r.key === key);

beforeAll(async () => {
  await seed(SHOP);
  await seed(OTHER);
  // More in the other shop only: if it leaked, these would show.
  await prisma.offerEvent.create({
    data: {
      shop: OTHER,
      visitorId: "v1",
      type: "impression",
      offerId: OA,
      surface: "product",
      offerKind: "cross_sell",
      occurredAt: at("2026-11-02T00:00:00"),
    },
  });
  await order(OTHER, 2000, {
    at: "2026-11-02T10:00:00",
    visitor: "v4",
    subtotal: "1000.00",
    lines: [{ product: TAMPER, price: "1000.00", offer: [OA, "product", "cross_sell"] }],
  });
});

describe("kpiReport over the seeded shop", () => {
  it("counts events, attributed orders, revenue, units and discounts", async () => {
    const { totals } = await kpiReport(SHOP, RANGE);
    expect(totals).toEqual({
      impressions: 6, // v1 ×2, v2 ×2, v3, v4 (not the holdout's, not outside the range)
      clicks: 2,
      addToCarts: 2,
      dismissals: 1,
      visitors: 4, // v1..v4
      orders: 5, // 1001, 1002, 1003, 1009 (email), 1010 (email)
      convertingOrders: 3, // 1001, 1002, 1003: their visitor was shown that offer in the range
      units: 6,
      revenue: 613, // 30 + 504 + 20 + 12 + 20 + 27
      discount: 59, // 56 + 3
      clickThroughRate: 2 / 6,
      addToCartRate: 2 / 6,
      conversionRate: 3 / 4,
      returnOnDiscount: 613 / 59,
    });
  });

  it("order-level ratios and AOV with and without an accepted offer", async () => {
    const { orders } = await kpiReport(SHOP, RANGE);
    expect(orders).toEqual({
      orders: 7, // 1001–1005, 1009, 1010
      revenue: 1443, // 430 + 504 + 32 + 400 + 30 + 20 + 27
      crossSellOrders: 4, // 1001, 1003, 1009, 1010
      upsellOrders: 1, // 1002
      crossSellRatio: 4 / 7,
      upsellRatio: 1 / 7,
      withOffer: { orders: 5, averageOrderValue: 202.6 }, // (430 + 504 + 32 + 20 + 27) / 5
      withoutOffer: { orders: 2, averageOrderValue: 215 }, // (400 + 30) / 2
    });
  });

  it("breaks down by surface, kind and rule", async () => {
    const report = await kpiReport(SHOP, RANGE);
    const { R1, R2 } = ruleIds(SHOP);
    expect(row(report.bySurface, "product")).toMatchObject({
      impressions: 4,
      clicks: 2,
      addToCarts: 2,
      visitors: 3,
      orders: 2,
      convertingOrders: 2,
      revenue: 534,
      discount: 56,
      conversionRate: 2 / 3,
    });
    expect(row(report.bySurface, "cart")).toMatchObject({
      impressions: 2,
      dismissals: 1,
      visitors: 2,
      orders: 1,
      convertingOrders: 1,
      units: 1,
      revenue: 20,
      conversionRate: 1 / 2,
    });
    expect(row(report.bySurface, "checkout")).toMatchObject({
      impressions: 0,
      orders: 1,
      convertingOrders: 0,
      revenue: 12,
      conversionRate: null,
    });
    expect(row(report.bySurface, "email")).toMatchObject({
      label: "Post-purchase email",
      orders: 2,
      units: 2,
      revenue: 47,
      discount: 3,
    });
    expect(report.bySurface.map((r) => r.key)).toEqual(["product", "email", "cart", "checkout"]); // by revenue

    expect(row(report.byKind, "cross_sell")).toMatchObject({
      impressions: 5,
      clicks: 1,
      addToCarts: 1,
      visitors: 4,
      orders: 4,
      convertingOrders: 2,
      units: 5,
      revenue: 109,
      discount: 3,
    });
    expect(row(report.byKind, "upgrade")).toMatchObject({
      impressions: 1,
      clicks: 1,
      addToCarts: 1,
      visitors: 1,
      orders: 1,
      convertingOrders: 1,
      units: 1,
      revenue: 504,
      discount: 56,
      conversionRate: 1,
    });

    expect(row(report.byRule, R1)).toMatchObject({
      label: "Tamper with the machine",
      impressions: 3,
      clicks: 1,
      addToCarts: 1,
      visitors: 3,
      orders: 1,
      revenue: 30,
    });
    expect(row(report.byRule, R2)).toMatchObject({
      label: "Go pro",
      impressions: 1,
      visitors: 1,
      orders: 1,
      revenue: 504,
    });
    expect(row(report.byRule, null)).toMatchObject({
      label: "Recommendations (no rule)",
      impressions: 2,
      visitors: 2,
      orders: 3,
      convertingOrders: 1,
      units: 4,
      revenue: 79,
      discount: 3,
    });
  });

  it("applies the surface, kind and rule filters to events, lines and order ratios", async () => {
    const product = await kpiReport(SHOP, { ...RANGE, surface: "product" });
    expect(product.totals).toMatchObject({
      impressions: 4,
      visitors: 3,
      orders: 2,
      convertingOrders: 2,
      revenue: 534,
      conversionRate: 2 / 3,
    });
    expect(product.orders).toMatchObject({
      orders: 7,
      crossSellOrders: 1,
      upsellOrders: 1,
      withOffer: { orders: 2, averageOrderValue: 467 }, // (430 + 504) / 2
      withoutOffer: { orders: 5, averageOrderValue: 101.8 }, // (32 + 400 + 30 + 20 + 27) / 5
    });
    const upgrades = await kpiReport(SHOP, { ...RANGE, kind: "upgrade" });
    expect(upgrades.totals).toMatchObject({ impressions: 1, orders: 1, revenue: 504 });
    expect(upgrades.orders).toMatchObject({ crossSellOrders: 0, upsellOrders: 1 });
    const noRule = await kpiReport(SHOP, { ...RANGE, rule: "none" });
    expect(noRule.totals).toMatchObject({ impressions: 2, orders: 3, revenue: 79 });
    const r1 = await kpiReport(SHOP, { ...RANGE, rule: ruleIds(SHOP).R1 });
    expect(r1.totals).toMatchObject({
      impressions: 3,
      orders: 1,
      convertingOrders: 1,
      revenue: 30,
      conversionRate: 1 / 3,
    });
  });

  it("has a point per day of the range, empty days included", async () => {
    const { daily } = await kpiReport(SHOP, RANGE);
    expect(daily).toEqual([
      {
        day: "2026-11-01",
        impressions: 4,
        visitors: 2,
        attributedOrders: 2,
        convertingOrders: 2,
        attributedRevenue: 534,
        conversionRate: 1,
        orders: 2,
        revenue: 934,
      },
      {
        day: "2026-11-02",
        impressions: 2,
        visitors: 2,
        attributedOrders: 2,
        convertingOrders: 1,
        attributedRevenue: 59,
        conversionRate: 0.5,
        orders: 3,
        revenue: 459,
      },
      {
        day: "2026-11-03",
        impressions: 0,
        visitors: 0,
        attributedOrders: 1,
        convertingOrders: 0,
        attributedRevenue: 20,
        conversionRate: null,
        orders: 2,
        revenue: 50,
      },
    ]);
  });

  it("ranks pairs (anchor → offered) by revenue, then impressions", async () => {
    const { topPairs } = await kpiReport(SHOP, RANGE);
    expect(
      topPairs.map((p) => [
        p.anchorTitle,
        p.productTitle,
        p.impressions,
        p.clicks,
        p.addToCarts,
        p.orders,
        p.units,
        p.revenue,
      ]),
    ).toEqual([
      ["Espresso Machine", "Espresso Machine Pro", 1, 1, 1, 1, 1, 504],
      [null, "Milk Jug", 2, 0, 0, 2, 2, 40], // the cart offer (20) and the email's (20)
      ["Espresso Machine", "Tamper", 3, 1, 1, 1, 1, 30],
      [null, "Tamper", 0, 0, 0, 1, 1, 27], // email
      [null, "Cleaning Tablets", 0, 0, 0, 1, 1, 12], // checkout
    ]);
  });

  it("compares the holdout with Welch's interval on revenue per visitor", async () => {
    const { experiment } = await kpiReport(SHOP, RANGE);
    // Shown offers: v1 430, v2 504, v3 32, v4 0 (cancelled order). Holdout: h1 400, h2 0.
    const expected = welchInterval(sampleOf([430, 504, 32, 0]), sampleOf([400, 0]))!;
    expect(experiment.treatment).toEqual({
      visitors: 4,
      orders: 3,
      revenue: 966,
      revenuePerVisitor: 241.5,
      averageOrderValue: 322,
    });
    expect(experiment.holdout).toEqual({
      visitors: 2,
      orders: 1,
      revenue: 400,
      revenuePerVisitor: 200,
      averageOrderValue: 400,
    });
    expect(experiment.revenuePerVisitor!.difference).toBeCloseTo(41.5, 9);
    expect(experiment.revenuePerVisitor!.low).toBeCloseTo(expected.low, 6);
    expect(experiment.revenuePerVisitor!.high).toBeCloseTo(expected.high, 6);
    expect(experiment.averageOrderValue).toBeNull(); // one holdout order: no variance to estimate
    expect(experiment.lift).toBeCloseTo(241.5 / 200 - 1, 12);
    expect(experiment.significant).toBe(false);
    expect(experiment.sentence).toMatch(
      /^Visitors shown offers spent \$41\.50 more per visitor than the holdout group \(95% confidence interval -\$[\d,.]+ to \$[\d,.]+; 4 visitors shown offers, 2 visitors in the holdout\)\. The interval includes zero/,
    );
    expect(experiment.ordersWithoutVisitor).toBe(3); // 1005, 1009, 1010
    expect(experiment.holdoutShare).toBe(0.1);
  });

  it("email funnel: sent in the range, opened where tracked, ordered within the window", async () => {
    const { email } = await kpiReport(SHOP, RANGE);
    expect(email).toEqual({ sent: 2, opened: 1, clicked: null, ordered: 1, orders: 1, revenue: 27 });
  });

  it("lists the attributed lines with their offer, surface, kind, rule and pair", async () => {
    const lines = await attributedLines(SHOP, RANGE);
    const { R1, R2 } = ruleIds(SHOP);
    expect(
      lines.map((l) => [
        l.orderName,
        l.productTitle,
        l.offerId,
        l.surface,
        l.kind,
        l.ruleId,
        l.anchorProductId,
        l.source,
        l.exposed,
        l.units,
        l.revenue,
        l.discount,
      ]),
    ).toEqual([
      ["#1009", "Milk Jug", "pw_e1e1e1e1e1e1e1e1", "email", "cross_sell", null, null, "email_match", false, 1, 20, 0],
      ["#1003", "Milk Jug", OB, "cart", "cross_sell", null, null, "line_property", true, 1, 20, 0],
      ["#1003", "Cleaning Tablets", OD, "checkout", "cross_sell", null, null, "line_property", false, 1, 12, 0],
      ["#1010", "Tamper", "pw_e3e3e3e3e3e3e3e3", "email", "cross_sell", null, null, "email_match", false, 1, 27, 3],
      [
        "#1002",
        "Espresso Machine Pro",
        OC,
        "product",
        "upgrade",
        R2,
        String(MACHINE),
        "line_property",
        true,
        1,
        504,
        56,
      ],
      ["#1001", "Tamper", OA, "product", "cross_sell", R1, String(MACHINE), "line_property", true, 1, 30, 0],
    ]);
    expect(lines.find((l) => l.offerId === OC)?.ruleName).toBe("Go pro");
  });

  it("an empty shop or range gives zeros and no rates, not errors", async () => {
    const empty = await kpiReport(SHOP, { from: "2025-01-01", to: "2025-01-02" });
    expect(empty.totals).toMatchObject({
      impressions: 0,
      orders: 0,
      revenue: 0,
      clickThroughRate: null,
      conversionRate: null,
      returnOnDiscount: null,
    });
    expect(empty.orders).toMatchObject({
      orders: 0,
      crossSellRatio: null,
      withOffer: { orders: 0, averageOrderValue: null },
    });
    expect(empty.experiment.sentence).toMatch(/^No visitor of the holdout group/);
    expect(empty.daily).toHaveLength(2);
    expect(empty.email).toEqual({ sent: 0, opened: 0, clicked: null, ordered: 0, orders: 0, revenue: 0 });
  });
});
