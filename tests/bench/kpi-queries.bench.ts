// (k) The analytics dashboard's queries on a shop with 1,000,000 offer events over 90 days, next to two
// shops of 300,000 that share its visitor and offer ids: p50 / p99 of the dashboard, of each statement,
// of the CSV export's lines, and what the rollups' trigger adds to an offer event insert
// (docs/benchmarks.md, section k).
import { loadavg } from "node:os";
import { defaultRange, type KpiFilters } from "../../app/analytics/kpi-query";
import prisma from "../../app/db.server";
import { ensureShop } from "../../app/shops/shop.server";
import { attributedLines, kpiReport, KPI_QUERIES } from "../../app/analytics/kpis.server";
import { median, ms, percentile, type BenchContext, type BenchRow } from "./context";

const KPI_SHOP = "kpi-bench-shop.myshopify.com";
const OTHER_SHOPS = ["kpi-bench-other-1.myshopify.com", "kpi-bench-other-2.myshopify.com"];
const EVENTS = 1_000_000;
const OTHER_EVENTS = 300_000;
const DAYS = 90;
const RUNS = 30;
const WARMUP = 3;

interface Generated {
  events: number;
  orders: number;
  lines: number;
  attributed: number;
  emails: number;
}

/**
 * One shop's data, generated in Postgres: visitors of ~7 consecutive events (10% in the holdout,
 * with impressions only), 2,000 offers over 3 surfaces (10% upgrades, 30% from 20 rules), then an
 * order for every other add-to-cart with the offered line attributed (plus a plain line), an
 * organic order for one impression in 40 (both groups), orders without a visitor, 2% refunds, and a
 * post-purchase email for one order in four.
 */
export async function generate(
  context: Pick<BenchContext, "sql">,
  shop: string,
  events: number,
  idBase: number,
): Promise<Generated> {
  const { sql } = context;
  await ensureShop(shop);
  const prefix = shop.split(".")[0];
  await sql.query(
    `INSERT INTO products (shop, id, title, handle, source_updated_at)
     SELECT $1, g, 'Product ' || g, 'p-' || g, now() FROM generate_series(1, 5000) g`,
    [shop],
  );
  await sql.query(
    `INSERT INTO rules (id, shop, kind, name, trigger, offer, surfaces, updated_at)
     SELECT $2 || '-rule-' || g, $1, 'CROSS_SELL', 'Rule ' || g, '{}', '{}', '{product}', now() FROM generate_series(0, 19) g`,
    [shop, prefix],
  );
  await sql.query(
    `INSERT INTO offer_events (shop, occurred_at, type, surface, offer_id, offer_kind, rule_id, product_id, offered_product_id, visitor_id, holdout)
     SELECT $1,
       (now() AT TIME ZONE 'UTC') - make_interval(secs => $3 * 86400.0 * (1 - g::float8 / $2)),
       CASE WHEN v % 10 = 0 OR t < 85 THEN 'impression' WHEN t < 93 THEN 'click' WHEN t < 97 THEN 'add_to_cart' ELSE 'dismiss' END,
       (ARRAY['product', 'cart', 'drawer'])[1 + o % 3],
       'pw_' || lpad(to_hex(o), 16, '0'),
       CASE WHEN o % 10 = 0 THEN 'upgrade' ELSE 'cross_sell' END,
       CASE WHEN o % 10 BETWEEN 1 AND 3 THEN $4 || '-rule-' || (o % 20) END,
       CASE WHEN o % 3 = 0 THEN 1 + o % 5000 END,
       1 + (o * 7) % 5000,
       'v' || v,
       v % 10 = 0
     FROM (SELECT g, g / 7 AS v, abs(hashint8(g::bigint)::bigint) % 2000 AS o, abs(hashint8(-g::bigint)::bigint) % 100 AS t
           FROM generate_series(1, $2) g) s`,
    [shop, events, DAYS, prefix],
  );
  // Orders after every other add-to-cart: the offered line (attributed) and a plain one.
  await sql.query(
    `INSERT INTO orders (shop, id, name, visitor_id, customer_id, currency_code, subtotal_price, total_price, processed_at, source_updated_at, counted)
     SELECT $1, $2 + e.id, '#' || e.id, e.visitor_id, 100000 + abs(hashint8(e.id)::bigint) % 40000, 'USD', 80, 90, e.occurred_at + interval '10 minutes', e.occurred_at, true
     FROM offer_events e WHERE e.shop = $1 AND e.type = 'add_to_cart' AND e.id % 2 = 0`,
    [shop, idBase],
  );
  await sql.query(
    `INSERT INTO order_lines (shop, id, order_id, product_id, variant_id, quantity, price, total_discount, offer_id, offer_surface, offer_kind)
     SELECT $1, ($2 + e.id) * 10, $2 + e.id, e.offered_product_id, e.offered_product_id * 10, 1, 30, CASE WHEN e.id % 4 = 0 THEN 3 ELSE 0 END,
       e.offer_id, e.surface, e.offer_kind
     FROM offer_events e WHERE e.shop = $1 AND e.type = 'add_to_cart' AND e.id % 2 = 0
     UNION ALL
     SELECT $1, ($2 + e.id) * 10 + 1, $2 + e.id, 1 + e.id % 5000, (1 + e.id % 5000) * 10, 1, 50, 0, NULL, NULL, NULL
     FROM offer_events e WHERE e.shop = $1 AND e.type = 'add_to_cart' AND e.id % 2 = 0`,
    [shop, idBase],
  );
  // Organic orders (no offer line) for one impression in 40, holdout visitors included, and orders without a visitor.
  await sql.query(
    `INSERT INTO orders (shop, id, name, visitor_id, customer_id, currency_code, subtotal_price, total_price, processed_at, source_updated_at, counted)
     SELECT $1, $2 + e.id, '#' || e.id, e.visitor_id, 100000 + abs(hashint8(e.id)::bigint) % 40000, 'USD', 40 + e.id % 100, 50 + e.id % 100, e.occurred_at + interval '30 minutes', e.occurred_at, true
     FROM offer_events e WHERE e.shop = $1 AND e.type = 'impression' AND e.id % 40 = 0
     UNION ALL
     SELECT $1, $2 + 500000000 + e.id, '#' || e.id, NULL, NULL, 'USD', 60, 70, e.occurred_at + interval '1 hour', e.occurred_at, true
     FROM offer_events e WHERE e.shop = $1 AND e.type = 'dismiss' AND e.id % 3 = 0`,
    [shop, idBase],
  );
  await sql.query(
    `INSERT INTO order_lines (shop, id, order_id, product_id, variant_id, quantity, price)
     SELECT o.shop, o.id * 10, o.id, 1 + o.id % 5000, (1 + o.id % 5000) * 10, 1, o.subtotal_price
     FROM orders o WHERE o.shop = $1 AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.shop = o.shop AND l.order_id = o.id)`,
    [shop],
  );
  // 2% of orders have a refunded line.
  await sql.query(
    `WITH refunded AS (
       UPDATE order_lines l SET quantity = 2, refunded_quantity = 1 FROM orders o
       WHERE o.shop = $1 AND l.shop = o.shop AND l.order_id = o.id AND l.id = o.id * 10 AND o.id % 50 = 0 RETURNING l.order_id, l.id)
     INSERT INTO order_refunds (shop, id, order_id, lines)
     SELECT $1, order_id, order_id, jsonb_build_array(jsonb_build_object('lineItemId', id::text, 'quantity', 1)) FROM refunded`,
    [shop],
  );
  // A post-purchase email three days after one order in four, offering two products.
  await sql.query(
    `INSERT INTO email_sends (id, shop, order_id, customer_id, status, scheduled_for, sent_at, offers)
     SELECT 'email-' || o.id, $1, o.id, o.customer_id, 'SENT', o.processed_at + interval '3 days', o.processed_at + interval '3 days',
       jsonb_build_array(
         jsonb_build_object('offerId', 'pw_e' || lpad(to_hex(o.id % 4000), 15, '0'), 'kind', 'cross_sell', 'productId', (1 + o.id % 5000)::text),
         jsonb_build_object('offerId', 'pw_f' || lpad(to_hex(o.id % 4000), 15, '0'), 'kind', 'cross_sell', 'productId', (1 + (o.id * 7) % 5000)::text))
     FROM orders o WHERE o.shop = $1 AND o.customer_id IS NOT NULL AND o.id % 4 = 0`,
    [shop],
  );
  for (const table of [
    "offer_events",
    "offer_event_counts",
    "offer_visitor_days",
    "orders",
    "order_lines",
    "order_refunds",
    "email_sends",
    "products",
    "rules",
  ]) {
    await sql.query(`VACUUM ANALYZE ${table}`);
  }
  const counts = await sql.query<Generated>(
    `SELECT (SELECT count(*) FROM offer_events WHERE shop = $1)::int AS events, (SELECT count(*) FROM orders WHERE shop = $1)::int AS orders,
       (SELECT count(*) FROM order_lines WHERE shop = $1)::int AS lines, (SELECT count(*) FROM order_lines WHERE shop = $1 AND offer_id IS NOT NULL)::int AS attributed,
       (SELECT count(*) FROM email_sends WHERE shop = $1)::int AS emails`,
    [shop],
  );
  return counts.rows[0];
}

async function time(runs: number, task: () => Promise<unknown>, warmup = WARMUP): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await task();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times;
}

const p50p99 = (times: number[]) => `${ms(median(times))} / ${ms(percentile(times, 99))}`;

const INSERT_SHOP = "kpi-bench-inserts.myshopify.com";
const TRIGGER = "offer_events_rollup_after_insert";

/**
 * What the rollups' trigger adds to the storefront's hot write: a beacon's insert (two events, one
 * statement, as recordOfferEvents writes them) timed with the trigger and with it disabled, in
 * alternating blocks so the machine's load drifts alike over both.
 */
export async function insertCost(context: Pick<BenchContext, "sql">): Promise<BenchRow[]> {
  await ensureShop(INSERT_SHOP);
  const times: Record<"on" | "off", number[]> = { on: [], off: [] };
  let beacon = 0;
  const insert = () => {
    const i = beacon++;
    return prisma.offerEvent.createMany({
      data: (["impression", "click"] as const).map((type) => ({
        shop: INSERT_SHOP,
        visitorId: `v${Math.floor(i / 5)}`,
        type,
        surface: i % 2 ? "product" : "cart",
        offerId: `pw_${(i % 40).toString(16).padStart(16, "0")}`,
        offerKind: "cross_sell",
        ruleId: i % 3 ? null : "rule-1",
        productId: 7n,
        offeredProductId: BigInt(100 + (i % 40)),
      })),
    });
  };
  try {
    for (let block = 0; block < 10; block++) {
      for (const mode of ["on", "off"] as const) {
        await context.sql.query(`ALTER TABLE offer_events ${mode === "on" ? "ENABLE" : "DISABLE"} TRIGGER ${TRIGGER}`);
        for (let i = 0; i < 10; i++) await insert(); // warm-up after the DDL
        times[mode].push(...(await time(100, insert, 0)));
      }
    }
  } finally {
    await context.sql.query(`ALTER TABLE offer_events ENABLE TRIGGER ${TRIGGER}`);
  }
  return [
    {
      bench: "kpi",
      metric: "beacon insert (2 offer events), with the rollup trigger, p50 / p99",
      value: p50p99(times.on),
    },
    { bench: "kpi", metric: "  same, trigger disabled (for comparison), p50 / p99", value: p50p99(times.off) },
  ];
}

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const started = performance.now();
  const data = await generate(context, KPI_SHOP, EVENTS, 1_000_000_000);
  for (const [i, shop] of OTHER_SHOPS.entries())
    await generate(context, shop, OTHER_EVENTS, 2_000_000_000 + i * 1_000_000_000);
  context.log(
    `kpi shop: ${data.events.toLocaleString("en")} events, ${data.orders.toLocaleString("en")} orders, ${data.lines.toLocaleString("en")} lines ` +
      `(${data.attributed.toLocaleString("en")} attributed), ${data.emails.toLocaleString("en")} emails; 2 other shops × ${OTHER_EVENTS.toLocaleString("en")} events; ` +
      `generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const now = new Date();
  const last30: KpiFilters = defaultRange(now, 30);
  const last90: KpiFilters = defaultRange(now, DAYS);
  const report = await kpiReport(KPI_SHOP, last30);
  context.log(
    `30 days: ${report.totals.impressions.toLocaleString("en")} impressions, ${report.totals.visitors.toLocaleString("en")} visitors, ` +
      `${report.totals.orders.toLocaleString("en")} attributed orders, ${report.orders.orders.toLocaleString("en")} orders; ${report.experiment.sentence}`,
  );

  const rows: BenchRow[] = [];
  const dashboard30 = await time(RUNS, () => kpiReport(KPI_SHOP, last30));
  const p99 = percentile(dashboard30, 99);
  rows.push({
    bench: "kpi",
    metric: "dashboard, last 30 days (~330k events), p50 / p99",
    value: p50p99(dashboard30),
    target: "p99 < 1 s",
    ok: p99 < 1000,
  });
  const dashboard90 = await time(10, () => kpiReport(KPI_SHOP, last90));
  rows.push({ bench: "kpi", metric: "dashboard, 90 days (all 1M events), p50 / p99", value: p50p99(dashboard90) });
  const filtered = await time(RUNS, () => kpiReport(KPI_SHOP, { ...last30, surface: "product", kind: "cross_sell" }));
  rows.push({ bench: "kpi", metric: "dashboard, 30 days, surface + kind filter, p50 / p99", value: p50p99(filtered) });
  for (const [name, query] of Object.entries(KPI_QUERIES)) {
    rows.push({
      bench: "kpi",
      metric: `  statement "${name}", 30 days, alone, p50 / p99`,
      value: p50p99(await time(RUNS, () => query(KPI_SHOP, last30))),
    });
  }
  let exported = 0;
  const lines = await time(10, async () => (exported = (await attributedLines(KPI_SHOP, last30)).length));
  rows.push({
    bench: "kpi",
    metric: `CSV lines export, 30 days (${exported.toLocaleString("en")} lines), p50 / p99`,
    value: p50p99(lines),
  });
  rows.push(...(await insertCost(context)));
  // The machine's other work skews these timings: say how busy it was.
  context.log(
    `load average during the kpi bench (1 / 5 / 15 min): ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" / ")}`,
  );
  return rows;
}
