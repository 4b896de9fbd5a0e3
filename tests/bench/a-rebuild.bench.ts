// (a) Full rebuild of the pair statistics from ~500k order lines, against a plain SQL self-join
// aggregate over the same rows in the same Postgres, measured in the same run.
import { countedBaskets, rebuildPairStats } from "../../app/models/pair-stats.server";
import { PairCounts } from "../../app/recommender/pair-counts";
import { median, ms, prisma, type BenchContext, type BenchRow } from "./context";

const RUNS = 3;

const SELF_JOIN = `
  SELECT a.product_id AS product_a, b.product_id AS product_b, count(*)::float8 AS together
  FROM order_lines a
  JOIN order_lines b ON b.shop = a.shop AND b.order_id = a.order_id AND a.product_id < b.product_id
  JOIN orders o ON o.shop = a.shop AND o.id = a.order_id
  WHERE a.shop = $1 AND o.counted
  GROUP BY a.product_id, b.product_id`;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const { shop, lines } = await context.shop();
  const { sql, log } = context;
  const clear = async () => {
    await sql.query("DELETE FROM pair_stats WHERE shop = $1", [shop]);
    await sql.query("DELETE FROM product_stats WHERE shop = $1", [shop]);
    await sql.query("VACUUM pair_stats");
    await sql.query("VACUUM product_stats");
  };

  const ours: number[] = [];
  const baseline: number[] = [];
  let pairs = 0;
  const phases: { readMs: number; countMs: number; writeMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    await clear();
    const result = await rebuildPairStats(shop, {}, prisma);
    ours.push(result.ms);
    pairs = result.pairs;
    phases.push(result.phases);
    log(
      `rebuild (empty table): ${ms(result.ms)} (read ${ms(result.phases.readMs)}, count ${ms(result.phases.countMs)}, write ${ms(result.phases.writeMs)}), ${result.orders} orders, ${result.pairs} pairs, ${result.written.inserted} rows written`,
    );

    await clear();
    await sql.query("BEGIN");
    const started = performance.now();
    const inserted = await sql.query(`INSERT INTO pair_stats (shop, product_a, product_b, together) SELECT $1, * FROM (${SELF_JOIN}) pairs`, [shop]);
    baseline.push(performance.now() - started);
    await sql.query("ROLLBACK");
    log(`SQL self-join INSERT: ${ms(baseline[run])}, ${inserted.rowCount} pairs`);
  }
  // Leave the shop built for the next benchmarks, and time a rebuild over current statistics.
  await clear();
  await rebuildPairStats(shop, {}, prisma);
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await rebuildPairStats(shop, {}, prisma);
    warm.push(result.ms);
    log(
      `rebuild (statistics current): ${ms(result.ms)} (read ${ms(result.phases.readMs)}, count ${ms(result.phases.countMs)}, compare+write ${ms(result.phases.writeMs)}), ${result.written.inserted + result.written.updated + result.written.deleted} rows written`,
    );
  }

  // Counting alone (no writes): read + accumulate vs join + aggregate.
  const countOurs: number[] = [];
  const countSql: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    const counts = new PairCounts();
    for await (const baskets of countedBaskets(prisma, shop)) for (const basket of baskets) counts.add(basket.items);
    counts.toModel();
    countOurs.push(performance.now() - started);
    started = performance.now();
    await sql.query(`SELECT count(*) FROM (${SELF_JOIN}) pairs`, [shop]);
    countSql.push(performance.now() - started);
  }

  const cold = median(ours);
  const base = median(baseline);
  return [
    { bench: "rebuild", metric: `data`, value: `${lines.toLocaleString("en")} lines, ${pairs.toLocaleString("en")} pairs` },
    { bench: "rebuild", metric: "full rebuild, empty table (median)", value: `${ms(cold)}, ${Math.round(lines / (cold / 1000)).toLocaleString("en")} lines/s` },
    {
      bench: "rebuild",
      metric: "  of which read / count / write",
      value: `${ms(median(phases.map((p) => p.readMs)))} / ${ms(median(phases.map((p) => p.countMs)))} / ${ms(median(phases.map((p) => p.writeMs)))}`,
    },
    { bench: "rebuild", metric: "SQL self-join INSERT (median)", value: ms(base) },
    { bench: "rebuild", metric: "ratio SQL / rebuild, empty table", value: `${(base / cold).toFixed(1)}×`, target: "≥ 5×", ok: base / cold >= 5 },
    { bench: "rebuild", metric: "full rebuild, statistics current (median)", value: `${ms(median(warm))}, ratio ${(base / median(warm)).toFixed(1)}×` },
    { bench: "rebuild", metric: "counting only: read+accumulate vs join+aggregate", value: `${ms(median(countOurs))} vs ${ms(median(countSql))} (${(median(countSql) / median(countOurs)).toFixed(1)}×)` },
  ];
}
