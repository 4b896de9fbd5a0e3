// (d) The storefront endpoint under load: signed app proxy requests for product-page offers at a
// fixed arrival rate (open loop, 500 requests/s for 8 s) against the app server, and the same load
// against a bare Node HTTP server in the same run, as the baseline. Target: p99 under 20 ms.
//
// Each server runs in processes of its own, started the way production starts it (`npm start`:
// app/cli/serve.ts with NODE_ENV=production, the built bundle), so the load generator here never
// competes with the server for its event loop: once as one process, once as two (WEB_CONCURRENCY=2,
// one per core of a 2-core machine). The bench shop gets a catalog, rules, pins, blocks, recent
// visitor events and neighbour lists first (bench-catalog.ts): every request runs the whole path
// (signature, validation, the one statement, engine, Liquid).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { freePort } from "../../app/dev/local-postgres.server";
import { refreshNeighbors } from "../../app/models/neighbors.server";
import { signAppProxyQuery } from "../support/shopify-signing";
import { BENCH_VISITORS, seedBenchCatalog } from "./bench-catalog";
import { KeepAliveClient } from "./keep-alive-client";
import { DATASET, median, ms, percentile, prisma, type BenchContext, type BenchRow } from "./context";

const RATE = 500;
/** A second, lighter run: the latency the endpoint gives when it is not saturated. */
const LIGHT_RATE = 100;
const SECONDS = 8;
const WARMUP = 300;

interface LoadResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  /** Responses per second over the time from the first request to the last response. */
  completedRps: number;
  /** CPU time of the server process per request, in ms (user + system). */
  serverCpuMs: number;
  /** CPU time of every Postgres process per request, in ms: the database's share of the machine. */
  databaseCpuMs: number;
  /** CPU time of this process (the load generator) per request, in ms. */
  generatorCpuMs: number;
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

/** Fires `RATE` requests a second for `SECONDS` without waiting for answers. */
async function openLoop(client: KeepAliveClient, pathFor: (i: number) => string, serverPid: number, rate = RATE): Promise<LoadResult> {
  const total = rate * SECONDS;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const pending: Promise<void>[] = [];
  const cpuBefore = cpuTicks(serverPid);
  const databaseBefore = postgresTicks();
  const generatorBefore = process.cpuUsage();
  const started = performance.now();
  let lastDone = started;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Latency counts from the scheduled time, so a late send (a busy generator) is not hidden; a
    // send up to a millisecond early (timer granularity) counts from when it was sent.
    const from = Math.min(due, performance.now());
    pending.push(
      client.get(pathFor(i))
        .then((status) => {
          if (status !== 200) {
            errors += 1;
            firstError ??= `HTTP ${status}`;
          }
          lastDone = performance.now();
          latencies.push(lastDone - from);
        })
        .catch((error: Error) => {
          errors += 1;
          firstError ??= error.message;
        }),
    );
  }
  await Promise.all(pending);
  const serverCpuMs = ((cpuTicks(serverPid) - cpuBefore) / TICKS_PER_SECOND / total) * 1000;
  const databaseCpuMs = ((postgresTicks() - databaseBefore) / TICKS_PER_SECOND / total) * 1000;
  const generator = process.cpuUsage(generatorBefore);
  const generatorCpuMs = (generator.user + generator.system) / 1000 / total;
  return { latencies, errors, firstError, completedRps: latencies.length / ((lastDone - started) / 1000), serverCpuMs, databaseCpuMs, generatorCpuMs };
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
  const refreshed = await refreshNeighbors(shop, {}, prisma);
  context.log(`catalog, rules, pins/blocks and visitor events seeded; neighbour lists for ${refreshed.withNeighbors} products`);
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
  const offersPath = (i: number) => {
    const query = new URLSearchParams({
      surface: "product",
      product_id: String(products[i % products.length]),
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
    // One client per server, each on the same kind of kept-alive loopback connections (keep-alive-client.ts).
    const client = new KeepAliveClient(new URL(app.url));
    // Four at a time, so that every process (each has its own connections) gets warmed up.
    for (let i = 0; i < WARMUP * processes; i += 4) await Promise.all([0, 1, 2, 3].map((j) => client.get(offersPath(100_000 + i + j))));
    return { app, client, stop: async () => (client.close(), await stopProcess(app.child)) };
  };

  const load = loadavg().map((value) => value.toFixed(1)).join(" ");
  const bare = await startProcess(["-e", BARE_SERVER], { PATH: process.env.PATH, NODE_ENV: "production" });
  const bareClient = new KeepAliveClient(new URL(bare.url));
  const baseline = await openLoop(bareClient, () => "/", bare.child.pid!);
  bareClient.close();
  await stopProcess(bare.child);

  const one = await startApp(1);
  const light = await openLoop(one.client, offersPath, one.app.child.pid!, LIGHT_RATE);
  const measured = await openLoop(one.client, offersPath, one.app.child.pid!);
  await one.stop();
  context.log(
    `app, 1 process (${production ? "production build" : "vite dev server"}): ${measured.completedRps.toFixed(0)} responses/s, ${measured.errors} errors` +
      `${measured.firstError ? ` (first: ${measured.firstError})` : ""}`,
  );
  const two = await startApp(2);
  const paired = await openLoop(two.client, offersPath, two.app.child.pid!);
  await two.stop();
  const loadAfter = loadavg().map((value) => value.toFixed(1)).join(" ");

  const p99 = percentile(measured.latencies, 99);
  const pairedP99 = percentile(paired.latencies, 99);
  const baseP99 = percentile(baseline.latencies, 99);
  const latency = (result: LoadResult) =>
    `${ms(median(result.latencies))} / ${ms(percentile(result.latencies, 99))}; ${result.completedRps.toFixed(0)} responses/s; ${result.errors} errors${result.firstError ? ` (${result.firstError})` : ""}`;
  const build = production ? "build" : "dev";
  return [
    { bench: "proxy", metric: `bare Node server p50 / p99 at ${RATE} req/s`, value: `${ms(median(baseline.latencies))} / ${ms(baseP99)}` },
    { bench: "proxy", metric: `/proxy/offers p50 / p99 at ${RATE} req/s, 1 process (${build})`, value: latency(measured), target: "p99 < 20 ms", ok: p99 < 20 && measured.errors === 0 },
    { bench: "proxy", metric: `/proxy/offers p50 / p99 at ${RATE} req/s, 2 processes (${build})`, value: latency(paired), target: "p99 < 20 ms", ok: pairedP99 < 20 && paired.errors === 0 },
    { bench: "proxy", metric: `/proxy/offers p50 / p99 at ${LIGHT_RATE} req/s, 1 process`, value: latency(light) },
    { bench: "proxy", metric: "p50 / p99 ratio app (1 process) / bare Node", value: `${(median(measured.latencies) / median(baseline.latencies)).toFixed(1)}× / ${(p99 / baseP99).toFixed(1)}×` },
    { bench: "proxy", metric: "p50 / p99 ratio app (2 processes) / bare Node", value: `${(median(paired.latencies) / median(baseline.latencies)).toFixed(1)}× / ${(pairedP99 / baseP99).toFixed(1)}×` },
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
