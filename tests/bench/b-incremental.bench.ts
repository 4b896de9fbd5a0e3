// (b) Incremental update of one order while pair_stats holds 1M+ rows: the statistics part of the
// ingest transaction alone (locks, the delta, commit) and the whole ingest-order job. Both run on
// the plain `pg` pool, as the job does (app/db/sql-tx.server.ts).
import { inSqlTransaction } from "../../app/db/sql-tx.server";
import { acceptWebhookOnce } from "../../app/ingest/webhook-delivery.server";
import { beginIngest, queueWebhookEvent } from "../../app/ingest/webhook-inbox.server";
import { ingestOrder } from "../../app/ingest/order.server";
import { applyCountsDelta } from "../../app/recommender/store/pair-stats.server";
import { ensureShop } from "../../app/shops/shop.server";
import { contributionDelta } from "../../app/recommender/core/basket-delta";
import { seededRandom } from "../../app/recommender/core/synthetic-baskets";
import { orderPayload } from "../../app/ingest/webhooks/order-schemas";
import { median, ms, percentile, prisma, type BenchContext, type BenchRow } from "./context";

const FILLER_SHOP = "bench-filler.myshopify.com";
const DELTAS = 1_000;
const JOBS = 300;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const { shop, baskets } = await context.shopWithStats();
  const { sql, log } = context;
  // 1M+ rows in the table (another shop's pairs on top of the bench shop's).
  const { rows } = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pair_stats");
  if (rows[0].n < 1_000_000) {
    await ensureShop(FILLER_SHOP);
    const per = Math.ceil((1_050_000 - rows[0].n) / 1_000);
    await sql.query(
      `INSERT INTO pair_stats (shop, product_a, product_b, together)
       SELECT $1, a, a + d, 1 FROM generate_series(1, 1000) a, generate_series(1, $2::int) d`,
      [FILLER_SHOP, per],
    );
    await sql.query("VACUUM ANALYZE pair_stats");
  }
  const total = (await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pair_stats")).rows[0].n;

  // A new 5-product order arrives, then is cancelled: 5 product rows, 10 pair rows, the total.
  const random = seededRandom(5);
  const basketOf = () => {
    const items = new Set<number>();
    while (items.size < 5) {
      const basket = baskets[Math.floor(random() * baskets.length)];
      items.add(basket[Math.floor(random() * basket.length)]);
    }
    return [...items].sort((a, b) => a - b);
  };
  const deltaTimes: number[] = [];
  const statementTimes: number[] = [];
  const byKind = { added: [] as number[], removed: [] as number[] };
  for (let i = 0; i < DELTAS + 100; i++) {
    const contribution = { items: basketOf(), weight: 1 };
    for (const [kind, delta] of [
      ["added", contributionDelta(null, contribution)],
      ["removed", contributionDelta(contribution, null)],
    ] as const) {
      const started = performance.now();
      // As in the ingest job: its first statement (commit mode and locks), the delta, the commit.
      await inSqlTransaction("BEGIN", async (tx) => {
        await beginIngest(tx, shop, "order", BigInt(i), { stats: true });
        const applying = performance.now();
        await applyCountsDelta(tx, shop, delta);
        if (i >= 100) statementTimes.push(performance.now() - applying);
      });
      if (i >= 100) deltaTimes.push(performance.now() - started);
      if (i >= 100) byKind[kind].push(performance.now() - started);
    }
  }
  log(
    `  new order: p50 ${ms(median(byKind.added))}, p99 ${ms(percentile(byKind.added, 99))}; cancelled order (counts falling to zero are deleted): p50 ${ms(median(byKind.removed))}, p99 ${ms(percentile(byKind.removed, 99))}`,
  );
  log(
    `statistics delta: ${deltaTimes.length} transactions, p50 ${ms(median(deltaTimes))}, p99 ${ms(percentile(deltaTimes, 99))}`,
  );

  // The noise floor: an empty transaction (BEGIN, SELECT 1, COMMIT), on the same pool; and the same
  // through Prisma's interactive transaction, which the job used before (for comparison).
  const floorTimes: number[] = [];
  const prismaFloorTimes: number[] = [];
  for (let i = 0; i < DELTAS; i++) {
    let started = performance.now();
    await inSqlTransaction("BEGIN", (client) => client.query("SELECT 1"));
    floorTimes.push(performance.now() - started);
    started = performance.now();
    await prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`);
    prismaFloorTimes.push(performance.now() - started);
  }

  // The whole job: merge the delivery, write the order and lines, the delta, schedule the refresh.
  const jobTimes: number[] = [];
  const now = new Date();
  for (let i = 0; i < JOBS + 30; i++) {
    const id = 9_000_000_000_000 + i;
    const items = basketOf();
    const body = {
      id,
      name: `#B${i}`,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      currency: "USD",
      total_price: "50.00",
      line_items: items.map((product, l) => ({
        id: id * 10 + l,
        product_id: product,
        variant_id: product + 1,
        quantity: 1,
        price: "10.00",
      })),
    };
    const version = orderPayload.parse(body);
    await acceptWebhookOnce({ shop, topic: "orders/create", webhookId: `bench-${id}` }, (tx) =>
      queueWebhookEvent(tx, {
        shop,
        resource: "order",
        resourceId: version.id,
        topic: "orders/create",
        payload: { kind: "version", version },
      }),
    );
    const started = performance.now();
    const result = await ingestOrder(shop, BigInt(id));
    if (i >= 30) jobTimes.push(performance.now() - started);
    if (result.status !== "applied") throw new Error(`ingest-order: ${result.status}`);
  }
  log(`ingest-order job: ${jobTimes.length} orders, p50 ${ms(median(jobTimes))}, p99 ${ms(percentile(jobTimes, 99))}`);

  const p99 = percentile(deltaTimes, 99);
  return [
    { bench: "incremental", metric: "pair_stats rows", value: total.toLocaleString("en") },
    {
      bench: "incremental",
      metric: "one order's delta statement (in the ingest transaction), p50 / p99",
      value: `${ms(median(statementTimes))} / ${ms(percentile(statementTimes, 99))}`,
    },
    {
      bench: "incremental",
      metric: "one order's statistics delta (own transaction), p50",
      value: ms(median(deltaTimes)),
    },
    {
      bench: "incremental",
      metric: "one order's statistics delta (own transaction), p99",
      value: ms(p99),
      target: "< 5 ms",
      ok: p99 < 5,
    },
    {
      bench: "incremental",
      metric: "noise floor: empty transaction on the same pool, p50 / p99",
      value: `${ms(median(floorTimes))} / ${ms(percentile(floorTimes, 99))}`,
    },
    {
      bench: "incremental",
      metric: "for comparison: empty Prisma interactive transaction, p50 / p99",
      value: `${ms(median(prismaFloorTimes))} / ${ms(percentile(prismaFloorTimes, 99))}`,
    },
    {
      bench: "incremental",
      metric: "whole ingest-order job, p50 / p99",
      value: `${ms(median(jobTimes))} / ${ms(percentile(jobTimes, 99))}`,
    },
  ];
}
