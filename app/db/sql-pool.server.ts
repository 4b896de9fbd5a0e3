// A small plain `pg` pool beside Prisma, for the few hot reads where Prisma's per-query overhead
// (about half a millisecond through the WASM query compiler and driver adapter) would be most of
// the time: the storefront's recommendation read (app/models/recommendations.server.ts), its offer
// inputs (app/models/offer-inputs.server.ts) and the Shopify session load (app/auth/session-storage.server.ts).
// Everything else goes through Prisma (app/db.server.ts).
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
  return pooled(`${connectionString}#generic-plans`, connectionString, { options: "-c plan_cache_mode=force_generic_plan" });
}

function pooled(key: string, connectionString: string, extra: pg.PoolConfig): pg.Pool {
  globalThis.__pairwiseSqlPools ??= new Map();
  let pool = globalThis.__pairwiseSqlPools.get(key);
  if (!pool) {
    // Idle connections do not keep a process (a test, a CLI) alive.
    pool = new pg.Pool({ connectionString, max: 5, idleTimeoutMillis: 10_000, allowExitOnIdle: true, ...extra });
    // An idle connection the server closes (restart, failover, a dropped test database) is replaced
    // on the next query; unhandled, pg's "error" event would end the process.
    pool.on("error", (error: Error & { code?: string }) => {
      if (error.code !== "57P01") console.warn(`pg pool: idle connection lost: ${error.message}`);
    });
    globalThis.__pairwiseSqlPools.set(key, pool);
  }
  return pool;
}

export async function closeSqlPools(): Promise<void> {
  const pools = [...(globalThis.__pairwiseSqlPools?.values() ?? [])];
  globalThis.__pairwiseSqlPools?.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}
