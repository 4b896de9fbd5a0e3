// (e) The demo seed (`npm run demo` on a new database): the shop, catalogue and 3,000 orders with
// their offer traffic, written by seedDemoShop. Baseline in the same run: one INSERT of as many
// plain rows into a temporary table, the machine's floor for writing that many rows.
import { DEMO_SHOP } from "../../app/dev/demo-catalog";
import { seedDemoShop } from "../../app/dev/seed.server";
import { median, ms, prisma, type BenchContext, type BenchRow } from "./context";

const RUNS = 3;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const seedTimes: number[] = [];
  const floorTimes: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    await prisma.shop.deleteMany({ where: { shop: DEMO_SHOP } });
    let started = performance.now();
    const counts = await seedDemoShop(prisma, { now: new Date("2026-11-20T12:00:00Z") });
    seedTimes.push(performance.now() - started);
    rows = counts.orders + counts.lines + counts.offerEvents;

    await context.sql.query("CREATE TEMP TABLE IF NOT EXISTS seed_floor (id bigint, shop text, amount numeric)");
    await context.sql.query("TRUNCATE seed_floor");
    started = performance.now();
    await context.sql.query("INSERT INTO seed_floor SELECT g, 'floor', g * 0.01 FROM generate_series(1, $1::int) g", [
      rows,
    ]);
    floorTimes.push(performance.now() - started);
  }
  await prisma.shop.deleteMany({ where: { shop: DEMO_SHOP } });
  const seed = median(seedTimes);
  const floor = median(floorTimes);
  context.log(`seed: ${rows.toLocaleString("en")} rows (orders, lines, offer events), ${RUNS} runs`);
  return [
    { bench: "seed", metric: "demo seed, median of 3", value: ms(seed), target: "< 15 s", ok: seed < 15_000 },
    { bench: "seed", metric: "floor: one INSERT of as many rows, median", value: ms(floor) },
    { bench: "seed", metric: "seed / floor", value: `${(seed / floor).toFixed(1)}×` },
  ];
}
