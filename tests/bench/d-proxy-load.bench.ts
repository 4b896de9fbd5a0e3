// (d) The storefront endpoint under load: signed app proxy requests for product-page offers at 500
// requests/s (open loop) against the production build in processes of its own, and a bare Node HTTP
// server as the baseline. Target: p99 under 20 ms in the steady state; the first pass over pages new
// to the process is its own row. How it measures and why: docs/benchmarks.md, section (d).
import { fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { freePort } from "../../app/dev/local-postgres.server";
import { refreshNeighbours } from "../../app/recommender/store/neighbours.server";
import { signAppProxyQuery } from "../../app/dev/shopify-stand-in/signing";
import { BENCH_VISITORS, seedBenchCatalog } from "./bench-catalog";
import type { GeneratorMessage, GeneratorResult } from "./load-generator";
import { DATASET, median, ms, percentile, prisma, type BenchContext, type BenchRow } from "./context";

const RATE = 500;
/** A second, lighter run: the latency the endpoint gives when it is not saturated. */
const LIGHT_RATE = 100;
const SECONDS = 8;
/** The pages the warm-up requests (the first ones of the sequence; the first pass sends the rest). */
const WARMUP_PAGES = 300;
/**
 * Warm-up requests per server process, over those pages with varying visitors. V8 tiers the hot
 * functions of Node's HTTP server and of pg up to TurboFan after about 3,000 requests: a wave of
 * compilations on background threads that, on two cores shared with Postgres and the load
 * generator, stalled requests for ~60 ms (seen with --trace-opt and an event-loop lag probe).
 */
const JIT_WARMUP = 4_000;

interface LoadResult extends GeneratorResult {
  /** CPU time of the server process per request, in ms (user + system). */
  serverCpuMs: number;
  /** CPU time of every Postgres process per request, in ms: the database's share of the machine. */
  databaseCpuMs: number;
}

/** CPU ticks of a process and its children (a cluster's server processes), alive now. */
function cpuTicks(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      // fields[1]: ppid; fields[11], fields[12]: utime, stime (fields 4, 14 and 15 of stat)
      if (Number(entry) === pid || Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks;
}
const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU ticks of all Postgres processes (the postmaster and its backends) on this machine. */
function postgresTicks(): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks;
}

/** The load generator: a process of its own (load-generator.ts) sending to one server. */
class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static start(url: string): LoadGenerator {
    const child = fork(fileURLToPath(new URL("./load-generator.ts", import.meta.url)), [url], {
      execArgv: ["--import", "tsx"],
      stdio: "inherit",
    });
    return new LoadGenerator(child);
  }

  send(message: GeneratorMessage): Promise<GeneratorResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited with ${code}`));
      this.child.once("exit", onExit);
      this.child.once("message", (result) => {
        this.child.off("exit", onExit);
        resolve(result as GeneratorResult);
      });
      this.child.send(message);
    });
  }

  /** Fires `paths` at `rate` per second without waiting for answers; adds the server's and Postgres's CPU time. */
  async openLoop(paths: string[], serverPid: number, rate = RATE): Promise<LoadResult> {
    const cpuBefore = cpuTicks(serverPid);
    const databaseBefore = postgresTicks();
    const result = await this.send({ kind: "run", paths, rate });
    const serverCpuMs = ((cpuTicks(serverPid) - cpuBefore) / TICKS_PER_SECOND / paths.length) * 1000;
    const databaseCpuMs = ((postgresTicks() - databaseBefore) / TICKS_PER_SECOND / paths.length) * 1000;
    return { ...result, serverCpuMs, databaseCpuMs };
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

/** Starts a Node process and resolves with its URL once it prints "listening on <url>". */
function startProcess(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/\S+)/i);
      if (match) resolve({ child, url: match[1] });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const BARE_SERVER = `
const server = require("node:http").createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end('{"offers":[]}');
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));`;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const { shop, baskets } = await context.shopWithStats();
  const counts = new Map<number, number>();
  for (const basket of baskets) for (const product of basket) counts.set(product, (counts.get(product) ?? 0) + 1);
  const bestsellers = [...counts].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  await seedBenchCatalog(context.sql, shop, { firstId: DATASET.firstId, products: DATASET.products, bestsellers });
  const refreshed = await refreshNeighbours(shop, {}, prisma);
  context.log(
    `catalog, rules, pins/blocks and visitor events seeded; neighbour lists for ${refreshed.withNeighbours} products`,
  );
  // A settled database, as a shop's is: the bulk load above would otherwise have autovacuum and a
  // checkpoint run in the middle of the measurement (stalls of 50+ ms seen without this).
  const settling = performance.now();
  await context.sql.query("VACUUM (ANALYZE)");
  await context.sql.query("CHECKPOINT");
  context.log(`VACUUM (ANALYZE) and CHECKPOINT in ${((performance.now() - settling) / 1000).toFixed(1)} s`);

  const secret = process.env.SHOPIFY_API_SECRET!;
  const production = existsSync("build/server/index.js");
  // Product pages as shoppers view them: a popularity-weighted product (the first item of a
  // basket), a visitor id from a pool of known visitors (some with recent events).
  const products = baskets.slice(0, 2000).map((basket) => basket[0]);
  /** The paths of requests `from`…`from + count - 1`, signed now (a signature is good for 90 s). */
  const offersPaths = (from: number, count: number) => Array.from({ length: count }, (_, i) => offersPath(from + i));
  /** Request `i` of the sequence: page `i` modulo the number of pages. */
  const offersPath = (i: number, page = i % products.length) => {
    const query = new URLSearchParams({
      surface: "product",
      product_id: String(products[page]),
      visitor: `bench-visitor-${(i * 7) % BENCH_VISITORS}`,
      locale: "en",
      currency: "USD",
    });
    return `/proxy/offers?${signAppProxyQuery(secret, shop, query).toString()}`;
  };
  /** `npm start` with `processes` server processes (WEB_CONCURRENCY), warmed up. */
  const startApp = async (processes: number) => {
    const app = await startProcess(["--import", "tsx", "app/cli/serve.ts"], {
      ...process.env,
      NODE_ENV: production ? "production" : "development",
      DATABASE_URL: context.databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      WEB_CONCURRENCY: String(processes),
    });
    // One generator per server, each on the same kind of kept-alive loopback connections (keep-alive-client.ts).
    const generator = LoadGenerator.start(app.url);
    // Four at a time, so that every process (each has its own connections) gets warmed up.
    const warmPages = WARMUP_PAGES * processes;
    await generator.send({
      kind: "warm",
      paths: Array.from({ length: JIT_WARMUP * processes }, (_, i) => offersPath(i, i % warmPages)),
      concurrency: 4,
    });
    return { app, generator, stop: async () => (generator.stop(), await stopProcess(app.child)) };
  };

  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");
  const bare = await startProcess(["-e", BARE_SERVER], { PATH: process.env.PATH, NODE_ENV: "production" });
  const bareGenerator = LoadGenerator.start(bare.url);
  const baseline = await bareGenerator.openLoop(
    Array.from({ length: RATE * SECONDS }, () => "/"),
    bare.child.pid!,
  );
  bareGenerator.stop();
  await stopProcess(bare.child);

  const one = await startApp(1);
  // The warm-up sent pages 0–299; the rest of the sequence, each page once, new to the process.
  const firstPass = await one.generator.openLoop(
    offersPaths(WARMUP_PAGES, products.length - WARMUP_PAGES),
    one.app.child.pid!,
  );
  // Right after the first pass, at the same rate: the steady state of a server under this load.
  const measured = await one.generator.openLoop(offersPaths(0, RATE * SECONDS), one.app.child.pid!);
  const light = await one.generator.openLoop(offersPaths(0, LIGHT_RATE * SECONDS), one.app.child.pid!, LIGHT_RATE);
  await one.stop();
  context.log(
    `app, 1 process (${production ? "production build" : "vite dev server"}): ${measured.completedRps.toFixed(0)} responses/s, ${measured.errors} errors` +
      `${measured.firstError ? ` (first: ${measured.firstError})` : ""}`,
  );
  const two = await startApp(2);
  await two.generator.openLoop(offersPaths(WARMUP_PAGES * 2, products.length - WARMUP_PAGES * 2), two.app.child.pid!);
  const paired = await two.generator.openLoop(offersPaths(0, RATE * SECONDS), two.app.child.pid!);
  await two.stop();
  const loadAfter = loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");

  const p99 = percentile(measured.latencies, 99);
  const pairedP99 = percentile(paired.latencies, 99);
  const baseP99 = percentile(baseline.latencies, 99);
  const latency = (result: LoadResult) =>
    `${ms(median(result.latencies))} / ${ms(percentile(result.latencies, 99))}; ${result.completedRps.toFixed(0)} responses/s; ${result.errors} errors${result.firstError ? ` (${result.firstError})` : ""}`;
  const build = production ? "build" : "dev";
  return [
    {
      bench: "proxy",
      metric: `bare Node server p50 / p99 at ${RATE} req/s`,
      value: `${ms(median(baseline.latencies))} / ${ms(baseP99)}`,
    },
    {
      bench: "proxy",
      metric: `/proxy/offers p50 / p99 at ${RATE} req/s, 1 process (${build})`,
      value: latency(measured),
      target: "p99 < 20 ms",
      ok: p99 < 20 && measured.errors === 0,
    },
    {
      bench: "proxy",
      metric: `/proxy/offers p50 / p99 at ${RATE} req/s, 2 processes (${build})`,
      value: latency(paired),
    },
    {
      bench: "proxy",
      metric: `/proxy/offers p50 / p99 at ${RATE} req/s, 1 process, first pass (${firstPass.latencies.length} pages new to it)`,
      value: latency(firstPass),
    },
    { bench: "proxy", metric: `/proxy/offers p50 / p99 at ${LIGHT_RATE} req/s, 1 process`, value: latency(light) },
    {
      bench: "proxy",
      metric: "p50 / p99 ratio app (1 process) / bare Node",
      value: `${(median(measured.latencies) / median(baseline.latencies)).toFixed(1)}× / ${(p99 / baseP99).toFixed(1)}×`,
    },
    {
      bench: "proxy",
      metric: "p50 / p99 ratio app (2 processes) / bare Node",
      value: `${(median(paired.latencies) / median(baseline.latencies)).toFixed(1)}× / ${(pairedP99 / baseP99).toFixed(1)}×`,
    },
    {
      bench: "proxy",
      metric: `CPU per request at ${RATE} req/s: app 1 / 2 processes, bare Node`,
      value: `${measured.serverCpuMs.toFixed(2)} / ${paired.serverCpuMs.toFixed(2)} ms, ${baseline.serverCpuMs.toFixed(2)} ms`,
    },
    {
      bench: "proxy",
      metric: `CPU per request at ${RATE} req/s: Postgres / load generator (1 process)`,
      value: `${measured.databaseCpuMs.toFixed(2)} / ${measured.generatorCpuMs.toFixed(2)} ms (bare run: generator ${baseline.generatorCpuMs.toFixed(2)} ms)`,
    },
    { bench: "proxy", metric: "load average (1/5/15 min) before / after", value: `${load} / ${loadAfter}` },
  ];
}
