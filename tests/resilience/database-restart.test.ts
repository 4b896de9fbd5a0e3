// A database restart under webhook load (issue #13 item 1, decision 016): the app and the worker as
// processes of their own on this file's own Postgres, restarted while signed orders/create webhooks
// arrive and are retried as Shopify retries. Every delivery answered 2xx is processed once: 0 lost,
// 0 duplicated, and both processes still up.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../app/db/migrate.server";
import { createDatabase, freePort, startLocalPostgres, type LocalPostgres } from "../../app/dev/local-postgres.server";
import { orderJson } from "../support/shopify-orders";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { waitFor } from "../support/wait-for";
import { TEST_API_SECRET, testEnv } from "../setup/test-env";

const SHOP = "restart-test.myshopify.com";
const ORDERS = 200;
const RESTART_AFTER = 60;

let dataRoot = "";
let postgres: LocalPostgres;
let databaseUrl = "";
const children: ChildProcess[] = [];

function startChild(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
  Object.defineProperty(child, "output", { get: () => `${name}:\n${output}` });
  children.push(child);
  return child;
}
const outputOf = (child: ChildProcess) => (child as ChildProcess & { output: string }).output;

async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** One delivery as Shopify makes it: the same webhook id on every retry, retried until a 2xx. */
async function deliverUntilAccepted(url: string, orderId: number, deadline: number): Promise<number> {
  const body = JSON.stringify(
    orderJson({
      id: orderId,
      lines: [
        { id: orderId * 10, productId: 1 + (orderId % 7) },
        { id: orderId * 10 + 1, productId: 8 + (orderId % 5) },
      ],
      createdAt: new Date("2026-11-01T10:00:00Z"),
      updatedAt: new Date("2026-11-01T10:00:00Z"),
    }),
  );
  const webhookId = `restart-${orderId}`;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const headers = webhookHeaders({ secret: TEST_API_SECRET, shop: SHOP, topic: "orders/create", body, webhookId });
      const response = await fetch(`${url}/webhooks/orders/create`, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.ok) return attempts;
      if (response.status < 500 && response.status !== 429)
        throw new Error(`order ${orderId}: refused with ${response.status}`);
    } catch (error) {
      if ((error as Error).message.includes("refused with")) throw error;
    }
    if (Date.now() > deadline) throw new Error(`order ${orderId}: not accepted after ${attempts} attempts`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a Postgres restart under webhook load", () => {
  let appUrl = "";
  let app: ChildProcess;
  let worker: ChildProcess;

  beforeAll(async () => {
    dataRoot = mkdtempSync(path.join(tmpdir(), "pairwise-restart-"));
    postgres = await startLocalPostgres({
      dataDir: path.join(dataRoot, "data"),
      persistent: true,
      createdDirs: [dataRoot],
    });
    await createDatabase(postgres.adminUrl, "pairwise");
    databaseUrl = postgres.urlFor("pairwise");
    await migrate(databaseUrl);
    await query(`INSERT INTO shops (shop) VALUES ($1)`, [SHOP]);
    await query(`INSERT INTO shop_settings (shop, updated_at) VALUES ($1, now())`, [SHOP]);

    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...testEnv,
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      WORKER_STALE_LOCK_SECONDS: "5",
    };
    app = startChild("app", ["app/cli/serve.ts"], env);
    worker = startChild("worker", ["app/cli/worker.ts"], env);
    await waitFor(
      "the app's /healthz to answer 200",
      async () => {
        if (app.exitCode !== null) throw new Error(`app exited with ${app.exitCode}\n${outputOf(app)}`);
        return (await fetch(`${appUrl}/healthz`).catch(() => null))?.ok === true;
      },
      { timeoutMs: 180_000 },
    );
  }, 240_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await postgres?.stop().catch(() => {});
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  it("loses nothing, duplicates nothing, and both processes recover by themselves", async () => {
    const deadline = Date.now() + 240_000;
    let accepted = 0;
    let restart: Promise<void> | undefined;
    const ids = Array.from({ length: ORDERS }, (_, i) => 5_000 + i);
    const queue = [...ids];
    // Eight deliveries in flight at a time, as Shopify's parallel deliveries to one app.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          await deliverUntilAccepted(appUrl, id, deadline);
          if (++accepted === RESTART_AFTER) {
            restart = (async () => {
              await postgres.stop();
              await new Promise((resolve) => setTimeout(resolve, 1_000));
              postgres = await startLocalPostgres({
                dataDir: path.join(dataRoot, "data"),
                port: postgres.port,
                persistent: true,
                createdDirs: [dataRoot],
              });
            })();
            await restart;
          }
        }
      }),
    );
    expect(restart, "the database was restarted mid-run").toBeDefined();

    await waitFor(
      "every accepted order ingested and the job queue empty",
      async () => {
        for (const child of [app, worker])
          if (child.exitCode !== null) throw new Error(`process died (${child.exitCode})\n${outputOf(child)}`);
        // Jobs that failed while the database was away wait out graphile-worker's exponential backoff
        // (e^attempts seconds), which a loaded machine stretches to minutes: time is moved on for
        // them, as tests/support/jobs.ts does. A job still locked, or lost, fails the test.
        await query(
          `UPDATE graphile_worker._private_jobs SET run_at = now() WHERE run_at > now() AND locked_at IS NULL`,
        );
        const [{ orders }] = await query<{ orders: number }>(
          `SELECT count(*)::int AS orders FROM orders WHERE shop = $1`,
          [SHOP],
        );
        const [{ jobs, locked, attempts }] = await query<{ jobs: number; locked: number; attempts: number }>(
          `SELECT count(*)::int AS jobs, count(locked_at)::int AS locked, coalesce(max(attempts), 0)::int AS attempts FROM graphile_worker._private_jobs`,
        );
        return {
          done: orders === ORDERS && jobs === 0,
          seen: `${orders} orders, ${jobs} jobs left (${locked} locked, most attempts ${attempts})`,
        };
      },
      { timeoutMs: 180_000 },
    );

    const [{ orders, lines, deliveries, distinct }] = await query<{
      orders: number;
      lines: number;
      deliveries: number;
      distinct: number;
    }>(
      `SELECT (SELECT count(*)::int FROM orders WHERE shop = $1) AS orders,
              (SELECT count(DISTINCT id)::int FROM orders WHERE shop = $1) AS distinct,
              (SELECT count(*)::int FROM order_lines WHERE shop = $1) AS lines,
              (SELECT count(*)::int FROM webhook_deliveries WHERE shop = $1) AS deliveries`,
      [SHOP],
    );
    expect({ orders, distinct, lines, deliveries }).toEqual({
      orders: ORDERS,
      distinct: ORDERS,
      lines: 2 * ORDERS,
      deliveries: ORDERS,
    });
    const [{ counted }] = await query<{ counted: number }>(
      `SELECT coalesce(sum(order_count), 0)::float8 AS counted FROM product_stats WHERE shop = $1`,
      [SHOP],
    );
    // Each order counted once in the recommender's statistics: two distinct products per order.
    expect(counted).toBe(2 * ORDERS);

    expect(app.exitCode, outputOf(app)).toBeNull();
    expect(worker.exitCode, outputOf(worker)).toBeNull();
    expect((await fetch(`${appUrl}/healthz`)).status).toBe(200);
  }, 480_000);
});
