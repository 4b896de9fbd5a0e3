// The analytics page and its CSV export over real HTTP, after orders arrived as signed webhooks —
// repeated, out of order, a refund before its order, a cancellation, the same order ids in another
// shop — so the numbers prove that orders count once, in their latest version, per shop. Every
// expected figure is computed by hand in the comments.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { adminClient, installAdminShop, pageText } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { drainAllJobs } from "../support/jobs";
import { orderJson, refundJson } from "../support/shopify-orders";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();
const SHOP = uniqueShop("analytics");
const OTHER = uniqueShop("analytics-other");
const RANGE = "from=2026-10-05&to=2026-10-06";

const MACHINE = 11;
const TAMPER = 12;
const MILK_JUG = 13;
const MACHINE_PRO = 14;
const OA = "pw_0000000000000aaa"; // tamper with the machine (rule), product page
const OB = "pw_0000000000000bbb"; // milk jug (recommender), cart
const OC = "pw_0000000000000ccc"; // machine → pro upgrade, product page
const ruleOf = (shop: string) => `tamper-${shop.split(".")[0]}`;

type Topic = "orders/create" | "orders/updated" | "orders/cancelled" | "refunds/create";

async function deliver(shop: string, topic: Topic, payload: unknown, webhookId = randomUUID()) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${app.url()}/webhooks/${topic}`, {
    method: "POST",
    headers: webhookHeaders({ secret: TEST_API_SECRET, shop, topic, body, webhookId }),
    body,
  });
  expect(response.status).toBe(200);
}

interface Line {
  id: number;
  product: number;
  price: string;
  quantity?: number;
  discount?: string;
  offer?: [offer: string, surface: string, kind: string];
}

/** An order payload as Shopify sends it, with our line item properties and visitor attribute. */
function order(
  id: number,
  options: {
    at: string;
    updated?: string;
    visitor?: string;
    subtotal: string;
    lines: Line[];
    cancelled?: boolean;
    refunds?: { id: number; lines: { lineItemId: number; quantity: number }[] }[];
  },
) {
  const createdAt = new Date(`${options.at}Z`);
  const base = orderJson({
    id,
    lines: [],
    createdAt,
    updatedAt: new Date(`${options.updated ?? options.at}Z`),
    visitorId: options.visitor,
    cancelledAt: options.cancelled ? createdAt : null,
    refunds: options.refunds,
    financialStatus: options.refunds ? "partially_refunded" : "paid",
  });
  return {
    ...base,
    subtotal_price: options.subtotal,
    total_price: options.subtotal,
    line_items: options.lines.map((line) => ({
      id: line.id,
      product_id: line.product,
      variant_id: line.product * 10,
      quantity: line.quantity ?? 1,
      price: line.price,
      total_discount: line.discount ?? "0.00",
      title: "Product",
      properties: line.offer
        ? [
            { name: "_pairwise_offer", value: line.offer[0] },
            { name: "_pairwise_surface", value: line.offer[1] },
            { name: "_pairwise_kind", value: line.offer[2] },
          ]
        : [],
    })),
  };
}

const ORDER_501 = order(501, {
  at: "2026-10-05T12:00:00",
  visitor: "vis-a",
  subtotal: "430.00",
  lines: [
    { id: 5011, product: MACHINE, price: "400.00" },
    { id: 5012, product: TAMPER, price: "30.00", offer: [OA, "product", "cross_sell"] },
  ],
});
// Version 1 (created) and version 2 (edited later: 10% off the upgrade); version 2 arrives first.
const ORDER_502_V1 = order(502, {
  at: "2026-10-05T13:00:00",
  visitor: "vis-b",
  subtotal: "560.00",
  lines: [{ id: 5021, product: MACHINE_PRO, price: "560.00", offer: [OC, "product", "upgrade"] }],
});
const ORDER_502_V2 = order(502, {
  at: "2026-10-05T13:00:00",
  updated: "2026-10-05T13:30:00",
  visitor: "vis-b",
  subtotal: "504.00",
  lines: [{ id: 5021, product: MACHINE_PRO, price: "560.00", discount: "56.00", offer: [OC, "product", "upgrade"] }],
});
const ORDER_503 = order(503, {
  at: "2026-10-05T14:00:00",
  visitor: "vis-c",
  subtotal: "30.00",
  lines: [{ id: 5031, product: TAMPER, price: "30.00", offer: [OA, "product", "cross_sell"] }],
});
const REFUND_504 = { id: 9504, lines: [{ lineItemId: 5041, quantity: 1 }] };
const ORDER_504 = order(504, {
  at: "2026-10-06T09:00:00",
  visitor: "vis-d",
  subtotal: "40.00",
  refunds: [REFUND_504],
  lines: [{ id: 5041, product: MILK_JUG, price: "20.00", quantity: 2, offer: [OB, "cart", "cross_sell"] }],
});
const ORDER_505 = order(505, {
  at: "2026-10-06T10:00:00",
  visitor: "hold-1",
  subtotal: "400.00",
  lines: [{ id: 5051, product: MACHINE, price: "400.00" }],
});

async function seedShop(shop: string) {
  await installAdminShop(shop);
  await prisma.rule.create({
    data: {
      id: ruleOf(shop),
      shop,
      kind: "CROSS_SELL",
      name: "Tamper with the machine",
      trigger: {},
      offer: {},
      surfaces: ["product"],
    },
  });
  await prisma.product.createMany({
    data: [
      [MACHINE, "Espresso Machine"],
      [TAMPER, "Tamper"],
      [MILK_JUG, "Milk Jug"],
      [MACHINE_PRO, "Espresso Machine Pro"],
    ].map(([id, title]) => ({
      shop,
      id: BigInt(id),
      title: String(title),
      handle: `p-${id}`,
      sourceUpdatedAt: new Date(),
    })),
  });
}

async function seedEvents(shop: string) {
  const offer = {
    [OA]: {
      surface: "product",
      offerKind: "cross_sell",
      ruleId: ruleOf(shop),
      productId: BigInt(MACHINE),
      offeredProductId: BigInt(TAMPER),
    },
    [OB]: {
      surface: "cart",
      offerKind: "cross_sell",
      ruleId: null,
      productId: null,
      offeredProductId: BigInt(MILK_JUG),
    },
    [OC]: {
      surface: "product",
      offerKind: "upgrade",
      ruleId: null,
      productId: BigInt(MACHINE),
      offeredProductId: BigInt(MACHINE_PRO),
    },
  };
  const events: [string, string, keyof typeof offer, string, boolean?][] = [
    ["vis-a", "impression", OA, "2026-10-05T09:00:00"],
    ["vis-a", "add_to_cart", OA, "2026-10-05T09:05:00"],
    ["vis-b", "impression", OC, "2026-10-05T10:00:00"],
    ["vis-b", "click", OC, "2026-10-05T10:01:00"],
    ["vis-b", "add_to_cart", OC, "2026-10-05T10:02:00"],
    ["vis-c", "impression", OA, "2026-10-05T11:00:00"],
    ["vis-d", "impression", OB, "2026-10-06T08:00:00"],
    ["hold-1", "impression", OA, "2026-10-05T09:30:00", true],
  ];
  await prisma.offerEvent.createMany({
    data: events.map(([visitorId, type, offerId, at, holdout]) => ({
      shop,
      visitorId,
      type,
      offerId,
      occurredAt: new Date(`${at}Z`),
      holdout: holdout ?? false,
      ...offer[offerId],
    })),
  });
}

/** A CSV's rows (CRLF lines; quoted cells unquoted). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\r\n")) {
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const char = line[i];
      if (quoted && char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = !quoted;
      } else if (char === "," && !quoted) {
        cells.push(cell);
        cell = "";
      } else {
        cell += char;
      }
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}
const summaryOf = (text: string) =>
  new Map(
    csvRows(text)
      .slice(1)
      .map(([metric, value]) => [metric, value]),
  );

beforeAll(async () => {
  await seedShop(SHOP);
  await seedShop(OTHER);
  await seedEvents(SHOP);

  // Order 501: the same delivery twice (Shopify's retry keeps the webhook id), then once more under a new id.
  const repeatedId = randomUUID();
  await deliver(SHOP, "orders/create", ORDER_501, repeatedId);
  await deliver(SHOP, "orders/create", ORDER_501, repeatedId);
  await deliver(SHOP, "orders/updated", ORDER_501);
  // Order 502: the edit arrives before the creation.
  await deliver(SHOP, "orders/updated", ORDER_502_V2);
  await deliver(SHOP, "orders/create", ORDER_502_V1);
  // Order 503: created, then cancelled.
  await deliver(SHOP, "orders/create", ORDER_503);
  await deliver(
    SHOP,
    "orders/cancelled",
    order(503, {
      at: "2026-10-05T14:00:00",
      updated: "2026-10-05T15:00:00",
      visitor: "vis-c",
      subtotal: "30.00",
      cancelled: true,
      lines: [{ id: 5031, product: TAMPER, price: "30.00", offer: [OA, "product", "cross_sell"] }],
    }),
  );
  // Order 504: its refund arrives before the order.
  await deliver(SHOP, "refunds/create", refundJson(504, REFUND_504));
  await drainAllJobs();
  await deliver(SHOP, "orders/create", ORDER_504);
  await deliver(SHOP, "orders/create", ORDER_505);
  // The other shop: the same order ids, bigger numbers.
  await deliver(OTHER, "orders/create", { ...ORDER_501, subtotal_price: "9000.00" });
  await deliver(OTHER, "orders/create", ORDER_505);
  await drainAllJobs();
  // Late repeats after everything was processed.
  await deliver(SHOP, "orders/create", ORDER_502_V1);
  await deliver(SHOP, "orders/create", ORDER_501);
  await drainAllJobs();
}, 120_000);

describe("GET /app/analytics/export", () => {
  it("summary: every order once, in its latest version, this shop only", async () => {
    const response = await adminClient(app.url, SHOP).get(`/app/analytics/export?report=summary&${RANGE}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="pairwise-summary-2026-10-05-to-2026-10-06.csv"',
    );
    const summary = summaryOf(await response.text());
    expect(
      Object.fromEntries([...summary].filter(([metric]) => !metric.startsWith("experiment_verdict"))),
    ).toMatchObject({
      from: "2026-10-05",
      to: "2026-10-06",
      impressions: "4", // vis-a, vis-b, vis-c, vis-d (not the holdout's)
      clicks: "1",
      add_to_carts: "2",
      visitors_shown_offers: "4",
      click_through_rate: "0.25",
      add_to_cart_rate: "0.5",
      orders_with_offered_item: "3", // 501, 502, 504 (503 cancelled)
      converting_orders: "3",
      conversion_rate: "0.75",
      attributed_revenue: "554", // 30 + (560 − 56) + 20 (one of two milk jugs refunded)
      attributed_units: "3",
      discount_on_offered_items: "56",
      orders: "4", // 501, 502, 504, 505
      order_revenue: "1354", // 430 + 504 + (40 − 20) + 400
      cross_sell_orders: "2",
      cross_sell_ratio: "0.5",
      upsell_orders: "1",
      upsell_ratio: "0.25",
      orders_with_accepted_offer: "3",
      aov_with_accepted_offer: "318", // (430 + 504 + 20) / 3
      orders_without_accepted_offer: "1",
      aov_without_accepted_offer: "400",
      treatment_visitors: "4",
      treatment_orders: "3",
      treatment_revenue: "954",
      treatment_revenue_per_visitor: "238.5", // (430 + 504 + 0 + 20) / 4
      holdout_visitors: "1",
      holdout_revenue: "400",
      revenue_per_visitor_ci95_low: "", // one holdout visitor: no interval yet
      significant_at_95: "false",
      orders_without_visitor_id: "0",
      emails_sent: "0",
    });
    expect(summary.get("experiment_verdict")).toMatch(
      /^Not enough data yet to compare the groups \(4 visitors shown offers, 1 visitor in the holdout\)/,
    );

    // The other shop sees its own two orders and nothing of this shop's.
    const other = summaryOf(
      await (await adminClient(app.url, OTHER).get(`/app/analytics/export?report=summary&${RANGE}`)).text(),
    );
    expect(other.get("orders")).toBe("2");
    expect(other.get("order_revenue")).toBe("9400");
    expect(other.get("impressions")).toBe("0");
    expect(other.get("attributed_revenue")).toBe("30");
  });

  it("lines: each attributed line with its offer, surface, kind, rule and pair", async () => {
    const text = await (await adminClient(app.url, SHOP).get(`/app/analytics/export?report=lines&${RANGE}`)).text();
    const [header, ...rows] = csvRows(text);
    const pick = (row: string[], ...names: string[]) => names.map((name) => row[header.indexOf(name)]);
    expect(
      rows.map((row) =>
        pick(
          row,
          "order",
          "product",
          "offer_id",
          "surface",
          "offer_kind",
          "rule",
          "anchor_product_id",
          "units",
          "revenue",
          "discount",
        ),
      ),
    ).toEqual([
      ["#504", "Milk Jug", OB, "cart", "cross_sell", "", "", "1", "20", "0"],
      ["#502", "Espresso Machine Pro", OC, "product", "upgrade", "", String(MACHINE), "1", "504", "56"],
      ["#501", "Tamper", OA, "product", "cross_sell", "Tamper with the machine", String(MACHINE), "1", "30", "0"],
    ]);
  });

  it("daily and breakdown reports", async () => {
    const client = adminClient(app.url, SHOP);
    const daily = csvRows(await (await client.get(`/app/analytics/export?report=daily&${RANGE}`)).text());
    expect(daily).toEqual([
      [
        "day",
        "impressions",
        "visitors_shown_offers",
        "orders_with_offered_item",
        "converting_orders",
        "conversion_rate",
        "attributed_revenue",
        "orders",
        "order_revenue",
      ],
      ["2026-10-05", "3", "3", "2", "2", "0.666667", "534", "2", "934"],
      ["2026-10-06", "1", "1", "1", "1", "1", "20", "2", "420"],
    ]);
    const breakdown = csvRows(await (await client.get(`/app/analytics/export?report=breakdown&${RANGE}`)).text());
    const rule = breakdown.find((row) => row[0] === "rule" && row[1] === ruleOf(SHOP))!;
    expect(rule.slice(2, 5)).toEqual(["Tamper with the machine", "2", "0"]); // impressions (vis-a, vis-c), clicks
    expect(rule.at(-2)).toBe("30");
    const upgrade = breakdown.find((row) => row[0] === "offer_kind" && row[1] === "upgrade")!;
    expect(upgrade.at(-2)).toBe("504");
  });

  it("is refused without a session token, and answers 400 to a bad range", async () => {
    const anonymous = await fetch(`${app.url()}/app/analytics/export?report=summary&${RANGE}`, {
      redirect: "manual",
      headers: {
        "User-Agent":
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
      },
    });
    expect(anonymous.status).not.toBe(200);
    expect(anonymous.headers.get("content-type") ?? "").not.toContain("text/csv");
    const bad = await adminClient(app.url, SHOP).get(
      "/app/analytics/export?report=summary&from=2026-10-07&to=2026-10-01",
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("Invalid request: from: must not be after to");
  });
});

describe("GET /app/analytics", () => {
  it("renders the dashboard with the shop's figures and the experiment sentence", async () => {
    const response = await adminClient(app.url, SHOP).get(`/app/analytics?${RANGE}&surface=product`);
    expect(response.status).toBe(200);
    const text = pageText(await response.text());
    expect(text).toContain("Analytics");
    // Product page only: 501's tamper (30) and 502's upgrade (504).
    expect(text).toContain("Revenue from offers $534.00 2 units in 2 orders");
    expect(text).toContain("Upsell ratio 25.0%");
    expect(text).toContain("Conversion 66.7%");
    expect(text).toContain("Not enough data yet to compare the groups");
    expect(text).toContain("Tamper with the machine");
    expect(text).toContain("Espresso Machine Pro");
    expect(text).not.toContain("9,000");
  });

  it("falls back to the last 30 days with a warning when the filters are not understood", async () => {
    const response = await adminClient(app.url, SHOP).get("/app/analytics?from=yesterday&surface=moon");
    expect(response.status).toBe(200);
    const text = pageText(await response.text());
    expect(text).toContain("Some filters were not understood");
  });
});
