// Enqueue work for the Postgres-backed job queue (graphile-worker). Jobs are added with SQL inside
// the caller's transaction, so "record the webhook" and "queue its work" commit together or not at all.
import type { RawSql } from "../db/sql-tx.server";
import prisma from "../db.server";
import type { TaskName, TaskPayloads } from "./tasks";

// A Prisma client or transaction, or a `pg` transaction (app/db/sql-tx.server.ts).
type SqlClient = Pick<RawSql, "$executeRaw">;

export interface EnqueueOptions {
  /** Jobs with the same key replace a pending one instead of queueing twice. */
  jobKey?: string;
  /**
   * How a pending job with the same key is updated: "replace" (default) replaces payload and run_at;
   * "preserve_run_at" keeps the pending run_at, so a stream of adds cannot postpone the job forever
   * (a throttle rather than a debounce).
   */
  jobKeyMode?: "replace" | "preserve_run_at";
  runAt?: Date;
  maxAttempts?: number;
}

export async function enqueue<T extends TaskName>(
  task: T,
  payload: TaskPayloads[T],
  options: EnqueueOptions = {},
  client: SqlClient = prisma,
): Promise<void> {
  await client.$executeRaw`SELECT graphile_worker.add_job(
    identifier => ${task}::text,
    payload => ${JSON.stringify(payload)}::json,
    run_at => ${options.runAt ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 25}::int,
    job_key => ${options.jobKey ?? null}::text,
    job_key_mode => ${options.jobKeyMode ?? "replace"}::text
  )`;
}
