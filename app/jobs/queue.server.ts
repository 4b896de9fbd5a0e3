// Enqueue work for the Postgres-backed job queue (graphile-worker). Jobs are added with SQL inside
// the caller's transaction, so "record the webhook" and "queue its work" commit together or not at all.
import prisma from "../db.server";
import { defineStatement, sql, type Db } from "../db/statements.server";
import type { TaskName, TaskPayloads } from "./tasks";

const ADD_JOB = defineStatement(
  "pairwise-enqueue-job",
  `SELECT graphile_worker.add_job(identifier => $1::text, payload => $2::json, run_at => $3::timestamptz,
     max_attempts => $4::int, job_key => $5::text, job_key_mode => $6::text)`,
);

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
  db: Db = prisma,
): Promise<void> {
  await sql.execute(db, ADD_JOB, [
    task,
    JSON.stringify(payload),
    options.runAt ?? null,
    options.maxAttempts ?? 25,
    options.jobKey ?? null,
    options.jobKeyMode ?? "replace",
  ]);
}
