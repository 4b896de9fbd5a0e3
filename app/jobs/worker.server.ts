// Runs the job queue's workers. Any number of processes may run this against one database;
// graphile-worker hands each job to exactly one of them and retries failures with backoff.
import { run, runOnce, type Runner } from "graphile-worker";
import { taskList } from "./tasks";

export async function startWorker(connectionString: string, concurrency = 4): Promise<Runner> {
  // crontab: "" — no cron file; scheduled work is queued with run_at instead.
  return run({ connectionString, concurrency, taskList, crontab: "", noHandleSignals: false, pollInterval: 1000 });
}

/** Runs every job that is due now, then returns (tests and one-shot scripts). */
export async function drainJobs(connectionString: string): Promise<void> {
  await runOnce({ connectionString, taskList });
}
