// Runs the job queue's workers. Any number of processes may run this against one database;
// graphile-worker hands each job to exactly one of them and retries failures with backoff.
import { consoleLogFactory, Logger, run, runOnce, type Runner } from "graphile-worker";
import { taskList } from "./tasks";

// A line per job is noise in the demo and the tests; WORKER_LOG_LEVEL=info brings it back.
const logger = new Logger((scope) => {
  const write = consoleLogFactory(scope);
  const verbose = process.env.WORKER_LOG_LEVEL === "info" || process.env.WORKER_LOG_LEVEL === "debug";
  return (level, message, meta) => {
    if (level === "error" || level === "warning" || verbose) write(level, message, meta);
  };
});

export async function startWorker(connectionString: string, concurrency = 4): Promise<Runner> {
  // crontab: "" — no cron file; scheduled work is queued with run_at instead.
  return run({ connectionString, concurrency, taskList, crontab: "", logger, noHandleSignals: false, pollInterval: 1000 });
}

/** Runs every job that is due now, then returns (tests and one-shot scripts). */
export async function drainJobs(connectionString: string): Promise<void> {
  await runOnce({ connectionString, taskList, logger });
}
