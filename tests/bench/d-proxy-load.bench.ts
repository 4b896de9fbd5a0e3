// (d) The storefront endpoint under load: signed app proxy requests for offers at a fixed arrival
// rate (open loop, 500 requests/s) against the real app server, and the same load against a bare
// Node HTTP server in the same run, as the baseline. Target: p99 under 20 ms.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { startAppServer } from "../../app/server/http.server";
import { signAppProxyQuery } from "../support/shopify-signing";
import { median, ms, percentile, type BenchContext, type BenchRow } from "./context";

const RATE = 500;
const SECONDS = 8;
const WARMUP = 200;

/** Fires `RATE` requests a second for `SECONDS` without waiting for answers; returns latencies. */
async function openLoop(urlFor: (i: number) => string): Promise<{ latencies: number[]; errors: number; achievedRps: number }> {
  const total = RATE * SECONDS;
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      fetch(urlFor(i))
        .then(async (response) => {
          await response.arrayBuffer();
          if (!response.ok) errors += 1;
          latencies.push(performance.now() - sent);
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(pending);
  return { latencies, errors, achievedRps: total / ((performance.now() - started) / 1000) };
}

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const { shop, baskets } = await context.shopWithStats();
  const secret = process.env.SHOPIFY_API_SECRET!;
  const production = existsSync("build/server/index.js");
  const app = await startAppServer({ mode: production ? "production" : "development", host: "127.0.0.1", port: 0 });
  const bare = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"offers":[]}');
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const barePort = (bare.address() as { port: number }).port;
  try {
    const products = baskets.slice(0, 1000).map((basket) => basket[0]);
    const offersUrl = (i: number) => {
      const query = new URLSearchParams({ surface: "product", product_id: String(products[i % products.length]), visitor: `bench-visitor-${i % 5000}` });
      return `${app.url}/proxy/offers?${signAppProxyQuery(secret, shop, query).toString()}`;
    };
    for (let i = 0; i < WARMUP; i++) await (await fetch(offersUrl(i))).arrayBuffer();

    const baseline = await openLoop(() => `http://127.0.0.1:${barePort}/`);
    const measured = await openLoop(offersUrl);
    context.log(`app (${production ? "production build" : "vite dev server"}): ${measured.achievedRps.toFixed(0)} req/s achieved, ${measured.errors} errors`);
    const p99 = percentile(measured.latencies, 99);
    const baseP99 = percentile(baseline.latencies, 99);
    return [
      { bench: "proxy", metric: `bare Node server p50 / p99 at ${RATE} req/s`, value: `${ms(median(baseline.latencies))} / ${ms(baseP99)}` },
      {
        bench: "proxy",
        metric: `/proxy/offers p50 / p99 at ${RATE} req/s (${production ? "build" : "dev"})`,
        value: `${ms(median(measured.latencies))} / ${ms(p99)}; ${measured.errors} errors`,
        target: "p99 < 20 ms",
        ok: p99 < 20 && measured.errors === 0,
      },
      { bench: "proxy", metric: "p99 ratio app / bare Node", value: `${(p99 / baseP99).toFixed(1)}×` },
    ];
  } finally {
    await app.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
}
