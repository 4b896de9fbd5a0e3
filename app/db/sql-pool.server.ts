// The plain `pg` pools beside Prisma's: the hot and bulk paths (storefront reads, the session load,
// rate limits, order ingest, pair statistics) run their named statements (app/db/statements.server.ts)
// on them; admin CRUD goes through Prisma's model API (decision 011). Prisma (app/db.server.ts) runs
// on a pool from createPgPool too, so every connection of the app survives a database restart alike.
import pg from "pg";
import { env } from "../env.server";

declare global {
  var __pairwiseSqlPools: Map<string, pg.Pool> | undefined;
}

/** The pool for a database (default: DATABASE_URL), created on first use and kept across reloads. */
export function sqlPool(connectionString = env().DATABASE_URL): pg.Pool {
  return pooled(connectionString, connectionString, {});
}

/**
 * The pool of the storefront's per-request statements (offer inputs, the session load): its
 * connections plan each prepared statement once (plan_cache_mode=force_generic_plan). Those
 * statements are index lookups by shop and id whatever the parameters, but with array parameters
 * PostgreSQL may keep planning them anew on every execution, and planning the offer-inputs
 * statement costs about as much as running it (docs/benchmarks.md, section d).
 */
export function storefrontSqlPool(connectionString = env().DATABASE_URL): pg.Pool {
  return pooled(`${connectionString}#generic-plans`, connectionString, {
    options: "-c plan_cache_mode=force_generic_plan",
  });
}

function pooled(key: string, connectionString: string, extra: pg.PoolConfig): pg.Pool {
  globalThis.__pairwiseSqlPools ??= new Map();
  let pool = globalThis.__pairwiseSqlPools.get(key);
  if (!pool) {
    // Idle connections do not keep a process (a test, a CLI) alive.
    pool = createPgPool({ connectionString, max: 5, idleTimeoutMillis: 10_000, allowExitOnIdle: true, ...extra });
    globalThis.__pairwiseSqlPools.set(key, pool);
  }
  return pool;
}

/**
 * A `pg` pool whose connections can be lost without ending the process. pg emits "error" on a
 * client whose server went away (a restart, a failover, pg_terminate_backend); the pool listens only
 * while a client is idle, so a lost checked-out client had no listener and Node ended the process.
 * Every client gets a listener for its whole life.
 *
 * `giveBackLostClients`: for a holder that never releases a lost client (Prisma's interactive
 * transaction does not), the client is given back at once, to be discarded, and the holder's own
 * `client.release()` later is a no-op. Only for holders that release through that property: one that
 * kept the `release` callback of `pool.connect(cb)` (graphile-worker) would release twice and throw.
 */
export function createPgPool(config: pg.PoolConfig, options: { giveBackLostClients?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool(config);
  const checkedOut = new WeakSet<pg.PoolClient>();
  if (options.giveBackLostClients) {
    pool.on("acquire", (client) => checkedOut.add(client));
    pool.on("release", (_error, client) => checkedOut.delete(client));
  }
  pool.on("error", warnConnectionLost);
  pool.on("connect", (client) => {
    client.on("error", (error) => {
      warnConnectionLost(error);
      const held = client as pg.PoolClient;
      if (!checkedOut.has(held)) return;
      const release = held.release;
      held.release = () => {};
      release.call(held, error);
    });
  });
  return pool;
}

// 57P01: the server terminated the connection (shutdown or pg_terminate_backend): expected, not news.
export function warnConnectionLost(error: Error & { code?: string }) {
  if (error.code !== "57P01") console.warn(`pg: connection lost: ${error.message}`);
}

export async function closeSqlPools(): Promise<void> {
  const pools = [...(globalThis.__pairwiseSqlPools?.values() ?? [])];
  globalThis.__pairwiseSqlPools?.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}
