// (a) Full rebuild of the pair statistics from ~500k order lines, against a plain SQL self-join
// aggregate over the same rows in the same Postgres, measured in the same run.
import { loadavg } from "node:os";
import { countedBasketChunks, forEachBasket, rebuildPairStats } from "../../app/recommender/store/pair-stats.server";
import { inSqlTransaction } from "../../app/db/sql-tx.server";
import { PairRowCounter } from "../../app/recommender/core/pair-rows";
import { median, ms, type BenchContext, type BenchRow } from "./context";

const RUNS = 5;

const SELF_JOIN = `
  SELECT a.product_id AS product_a, b.product_id AS product_b, count(*)::float8 AS together
  FROM order_lines a
  JOIN order_lines b ON b.shop = a.shop AND b.order_id = a.order_id AND a.product_id < b.product_id
  JOIN orders o ON o.shop = a.shop AND o.id = a.order_id
  WHERE a.shop = $1 AND o.counted
  GROUP BY a.product_id, b.product_id`;

const load = () => loadavg()[0].toFixed(1);

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const { shop, lines } = await context.shop();
  const { sql, log } = context;
  const loadAtStart = load();
  const clear = async () => {
    await sql.query("DELETE FROM pair_blocks WHERE shop = $1", [shop]);
    await sql.query("DELETE FROM pair_stats WHERE shop = $1", [shop]);
    await sql.query("DELETE FROM product_stats WHERE shop = $1", [shop]);
    await sql.query("VACUUM pair_blocks");
    await sql.query("VACUUM pair_stats");
    await sql.query("VACUUM product_stats");
  };

  const ours: number[] = [];
  const baseline: number[] = [];
  let pairs = 0;
  let blocks = 0;
  const phases: { readMs: number; countMs: number; writeMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    await clear();
    const result = await rebuildPairStats(shop);
    ours.push(result.ms);
    pairs = result.pairs;
    blocks = result.storage.blocksWritten;
    phases.push(result.phases);
    log(
      `rebuild (empty tables): ${ms(result.ms)} (read ${ms(result.phases.readMs)}, count ${ms(result.phases.countMs)}, write ${ms(result.phases.writeMs)}), ${result.orders} orders, ${result.pairs} pairs in ${result.storage.blocksWritten} blocks, load ${load()}`,
    );

    // The baseline writes one row per pair, into the row-per-pair table (heap + 3-column key), as before.
    await clear();
    await sql.query("BEGIN");
    const started = performance.now();
    const inserted = await sql.query(
      `INSERT INTO pair_stats (shop, product_a, product_b, together) SELECT $1, * FROM (${SELF_JOIN}) pairs`,
      [shop],
    );
    baseline.push(performance.now() - started);
    await sql.query("ROLLBACK");
    log(`SQL self-join INSERT: ${ms(baseline[run])}, ${inserted.rowCount} pairs, load ${load()}`);
  }
  // Leave the shop built for the next benchmarks, and time a rebuild over current statistics.
  await clear();
  await rebuildPairStats(shop);
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await rebuildPairStats(shop);
    warm.push(result.ms);
    const { blocksWritten, blocksDeleted, deltasFolded } = result.storage;
    log(
      `rebuild (statistics current): ${ms(result.ms)} (read ${ms(result.phases.readMs)}, count ${ms(result.phases.countMs)}, compare+write ${ms(result.phases.writeMs)}), ${blocksWritten + blocksDeleted + deltasFolded} rows written`,
    );
  }

  // Counting alone (no writes): read + accumulate vs join + aggregate.
  const countOurs: number[] = [];
  const countSql: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    await inSqlTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (client) => {
      const counter = new PairRowCounter();
      for await (const chunk of countedBasketChunks(client, shop)) {
        forEachBasket(chunk, (_order, start, end) => counter.add(chunk.lineProducts, start, end));
      }
      counter.rows();
    });
    countOurs.push(performance.now() - started);
    started = performance.now();
    await sql.query(`SELECT count(*) FROM (${SELF_JOIN}) pairs`, [shop]);
    countSql.push(performance.now() - started);
  }

  const cold = median(ours);
  const base = median(baseline);
  return [
    {
      bench: "rebuild",
      metric: `data`,
      value: `${lines.toLocaleString("en")} lines, ${pairs.toLocaleString("en")} pairs (${blocks.toLocaleString("en")} blocks)`,
    },
    { bench: "rebuild", metric: `load average (1 min) at start / end`, value: `${loadAtStart} / ${load()}` },
    {
      bench: "rebuild",
      metric: `full rebuild, empty tables (median of ${RUNS})`,
      value: `${ms(cold)}, ${Math.round(lines / (cold / 1000)).toLocaleString("en")} lines/s`,
    },
    {
      bench: "rebuild",
      metric: "  of which read / count / write",
      value: `${ms(median(phases.map((p) => p.readMs)))} / ${ms(median(phases.map((p) => p.countMs)))} / ${ms(median(phases.map((p) => p.writeMs)))}`,
    },
    { bench: "rebuild", metric: `SQL self-join INSERT, row per pair (median of ${RUNS})`, value: ms(base) },
    {
      bench: "rebuild",
      metric: "ratio SQL / rebuild, empty tables",
      value: `${(base / cold).toFixed(1)}×`,
      target: "≥ 5×",
      ok: base / cold >= 5,
    },
    {
      bench: "rebuild",
      metric: "full rebuild, statistics current (median)",
      value: `${ms(median(warm))}, ratio ${(base / median(warm)).toFixed(1)}×`,
    },
    {
      bench: "rebuild",
      metric: "counting only: read+accumulate vs join+aggregate (no writes)",
      value: `${ms(median(countOurs))} vs ${ms(median(countSql))} (${(median(countSql) / median(countOurs)).toFixed(1)}×)`,
    },
  ];
}
