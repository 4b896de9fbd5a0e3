// Fixed-window rate limits kept in Postgres (table rate_limit_windows), so every app process behind a
// load balancer counts against the same limit. A take is one transaction that takes from every limit
// or from none.
import { storefrontSqlPool } from "../db/sql-pool.server";
import { defineStatement, sql } from "../db/statements.server";

export interface RateLimit {
  /** What is counted, within the shop: e.g. "visitor:abc" or "shop". */
  key: string;
  /** At most this much per window. */
  limit: number;
}

/** About one take in this many deletes the shop's old windows, so the table holds about two windows of keys. */
const CLEANUP_EVERY = 100;

// An upsert per key that only updates while the sum stays within the limit; row locks serialise
// concurrent takes, across processes too. takeRateLimits rolls back unless every limit had room, so
// a refused request costs nothing.
const TAKE = defineStatement<{ taken: number }>(
  "pairwise-rate-limit-take",
  `
WITH wanted AS (SELECT * FROM unnest($2::text[], $3::int[]) AS w(key, lim)),
taken AS (
  INSERT INTO rate_limit_windows AS r (shop, key, window_start, used)
  SELECT $1, w.key, $5::timestamptz AT TIME ZONE 'UTC', $4 FROM wanted w WHERE $4 <= w.lim
  ON CONFLICT (shop, key, window_start) DO UPDATE SET used = r.used + EXCLUDED.used
    WHERE r.used + EXCLUDED.used <= (SELECT w.lim FROM wanted w WHERE w.key = r.key)
  RETURNING r.key
)
SELECT count(*)::int AS taken FROM taken`,
  { columns: ["taken"], prepare: true },
);

const CLEANUP = defineStatement(
  "pairwise-rate-limit-cleanup",
  `DELETE FROM rate_limit_windows WHERE shop = $1 AND window_start < ($2::timestamptz AT TIME ZONE 'UTC')`,
  { prepare: true },
);

/**
 * True when every limit had room for `cost` in the current window (and it was taken from each).
 * A shop the app does not know has nothing to protect: true, nothing counted (its events are
 * not stored either).
 */
export async function takeRateLimits(
  shop: string,
  limits: readonly RateLimit[],
  options: { cost?: number; windowMs: number; now?: Date; random?: () => number },
): Promise<boolean> {
  const cost = options.cost ?? 1;
  const now = options.now ?? new Date();
  const windowStart = new Date(Math.floor(now.getTime() / options.windowMs) * options.windowMs);
  const pool = storefrontSqlPool();
  if ((options.random ?? Math.random)() < 1 / CLEANUP_EVERY) {
    await sql.execute(pool, CLEANUP, [shop, windowStart.toISOString()]);
  }
  // Keys in one order, so two takes never wait on each other's rows crosswise.
  const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const keys = sorted.map((limit) => limit.key);
    const rows = await sql.query(client, TAKE, [
      shop,
      keys,
      sorted.map((limit) => limit.limit),
      cost,
      windowStart.toISOString(),
    ]);
    const allowed = rows[0].taken === limits.length;
    await client.query(allowed ? "COMMIT" : "ROLLBACK");
    return allowed;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if ((error as { code?: string }).code === "23503") return true; // no such shop (foreign key)
    throw error;
  } finally {
    client.release();
  }
}
