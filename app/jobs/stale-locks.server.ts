// Jobs locked by a worker pool that died (a crashed process, a pool that gave up after a database
// restart) stay locked until graphile-worker's own sweep, four hours later. Each live pool writes a
// heartbeat; any pool unlocks the jobs of pools whose heartbeat is older than `staleSeconds`.
import type pg from "pg";
import { defineStatement, sql } from "../db/statements.server";

const WRITE_HEARTBEAT = defineStatement(
  "pairwise-worker-heartbeat",
  `INSERT INTO job_worker_heartbeats (worker_id, seen_at) VALUES ($1, now())
   ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
);

const REMOVE_HEARTBEAT = defineStatement(
  "pairwise-worker-heartbeat-remove",
  `DELETE FROM job_worker_heartbeats WHERE worker_id = $1`,
);

const DEAD_WORKERS = defineStatement<{ worker_id: string }>(
  "pairwise-worker-dead-workers",
  `WITH locks AS (
     SELECT locked_by, locked_at FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
     UNION ALL
     SELECT locked_by, locked_at FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL
   )
   SELECT DISTINCT locked_by AS worker_id FROM locks
   WHERE locked_at < now() - make_interval(secs => $1)
     AND NOT EXISTS (
       SELECT 1 FROM job_worker_heartbeats h
       WHERE h.worker_id = locks.locked_by AND h.seen_at > now() - make_interval(secs => $1))`,
  { columns: ["worker_id"] },
);

const UNLOCK_WORKERS = defineStatement(
  "pairwise-worker-unlock",
  `SELECT graphile_worker.force_unlock_workers($1::text[])`,
);

const FORGET_OLD_HEARTBEATS = defineStatement(
  "pairwise-worker-heartbeats-forget",
  `DELETE FROM job_worker_heartbeats WHERE seen_at < now() - interval '1 day'`,
);

/** Records that `workerId` (a graphile-worker pool id) is alive now. */
export async function writeHeartbeat(pool: pg.Pool, workerId: string): Promise<void> {
  await sql.execute(pool, WRITE_HEARTBEAT, [workerId]);
}

/** Forgets a pool that stopped cleanly (its jobs were released by graphile-worker itself). */
export async function removeHeartbeat(pool: pg.Pool, workerId: string): Promise<void> {
  await sql.execute(pool, REMOVE_HEARTBEAT, [workerId]);
}

/**
 * Unlocks the jobs (and job queues) locked longer than `staleSeconds` ago by pools with no fresh
 * heartbeat, so another worker runs them; returns the pools unlocked. A job locked more recently is
 * left alone: its pool may not have written its first heartbeat yet.
 */
export async function unlockJobsOfDeadWorkers(pool: pg.Pool, staleSeconds: number): Promise<string[]> {
  const rows = await sql.query(pool, DEAD_WORKERS, [staleSeconds]);
  const dead = rows.map((row) => row.worker_id);
  if (dead.length > 0) await sql.execute(pool, UNLOCK_WORKERS, [dead]);
  // Heartbeats of pools long gone.
  await sql.execute(pool, FORGET_OLD_HEARTBEATS);
  return dead;
}
