// Transactions on the plain `pg` pool (app/db/sql-pool.server.ts), for the hot and bulk paths whose
// statements (app/db/statements.server.ts) run on one connection: the ingest-order job, the pair
// statistics' rebuild and compaction, the neighbour refresh's snapshot (decisions 011 and 012).
import type pg from "pg";
import { sqlPool } from "./sql-pool.server";

/**
 * Runs `work` in one transaction on a pooled connection, begun by `begin` (e.g. with an isolation
 * level): COMMIT when it returns, ROLLBACK when it throws. A connection whose rollback failed is
 * discarded rather than returned to the pool.
 */
export async function inSqlTransaction<T>(
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
  pool: pg.Pool = sqlPool(),
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
