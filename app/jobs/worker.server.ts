// Runs the job queue's workers; any number of processes may run this against one database, and
// graphile-worker hands each job to exactly one. The runner is supervised: when it gives up (as during
// a database restart) a new one starts, and the old pool's jobs are unlocked by the heartbeat sweep
// (stale-locks.server.ts) instead of after four hours (decision 016).
import { EventEmitter } from "node:events";
import { consoleLogFactory, Logger, run, runOnce, type Runner, type WorkerEvents } from "graphile-worker";
import { createPgPool } from "../db/sql-pool.server";
import { removeHeartbeat, unlockJobsOfDeadWorkers, writeHeartbeat } from "./stale-locks.server";
import { taskList } from "./tasks";

// A line per job is noise in the demo and the tests; WORKER_LOG_LEVEL=info brings it back.
const logger = new Logger((scope) => {
  const write = consoleLogFactory(scope);
  const verbose = process.env.WORKER_LOG_LEVEL === "info" || process.env.WORKER_LOG_LEVEL === "debug";
  return (level, message, meta) => {
    if (level === "error" || level === "warning" || verbose) write(level, message, meta);
  };
});

/** A pool whose heartbeat is older than this is dead; its jobs go back to the queue. */
const DEFAULT_STALE_LOCK_SECONDS = 120;

// A job's outcome is recorded through graphile-worker's batcher, which retries for minutes and then
// stops the pool cleanly; the unbatched default leaves a rejected promise unhandled when the
// database is away, which ends the process (seen in tests/resilience/database-restart.test.ts).
const RECORDING_WITH_RETRIES = { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } };

export interface SupervisedWorker {
  /** Settles when the worker has been stopped. */
  promise: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(
  connectionString: string,
  concurrency = 4,
  options: { staleLockSeconds?: number } = {},
): Promise<SupervisedWorker> {
  const staleSeconds =
    options.staleLockSeconds ?? (Number(process.env.WORKER_STALE_LOCK_SECONDS) || DEFAULT_STALE_LOCK_SECONDS);
  const pgPool = createPgPool({ connectionString, max: concurrency + 2 });
  let runner: Runner | undefined;
  let poolId: string | undefined;
  let stopping = false;
  let wake: () => void = () => {};

  // Heartbeat and sweep, a few times per stale period; failures (database down) wait for the next tick.
  const tick = async () => {
    try {
      if (poolId) await writeHeartbeat(pgPool, poolId);
      const unlocked = await unlockJobsOfDeadWorkers(pgPool, staleSeconds);
      if (unlocked.length > 0)
        console.warn(`job queue: unlocked the jobs of stopped worker pools ${unlocked.join(", ")}`);
    } catch (error) {
      console.warn(`job queue: heartbeat failed: ${(error as Error).message}`);
    }
  };
  const heartbeat = setInterval(() => void tick(), Math.max(1_000, (staleSeconds * 1000) / 4));

  const startRunner = async () => {
    const events: WorkerEvents = new EventEmitter();
    events.on("pool:create", ({ workerPool }) => {
      poolId = workerPool.id;
      void tick();
    });
    // crontab: "" — no cron file; scheduled work is queued with run_at instead. Signals are the
    // caller's (stop()): graphile-worker's own handlers would end the runner and the supervisor
    // would start another.
    return run({
      pgPool,
      concurrency,
      taskList,
      crontab: "",
      logger,
      events,
      noHandleSignals: true,
      pollInterval: 1000,
      preset: RECORDING_WITH_RETRIES,
    });
  };

  // Restarts the runner whenever it ends while not stopping; backs off while the database stays away.
  const supervise = async (first: Runner) => {
    let current: Runner | undefined = first;
    let delay = 500;
    while (!stopping) {
      try {
        if (!current) current = runner = await startRunner();
        delay = 500;
        await current.promise;
      } catch (error) {
        if (!stopping) console.error(`job queue: worker stopped (${(error as Error).message}); starting another`);
      }
      current = runner = undefined;
      if (stopping) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
      delay = Math.min(delay * 2, 15_000);
    }
  };

  // The first start fails loudly (a wrong DATABASE_URL is the caller's to see); later ones retry.
  runner = await startRunner();
  const promise = supervise(runner);

  return {
    promise,
    stop: async () => {
      stopping = true;
      clearInterval(heartbeat);
      wake();
      await runner?.stop().catch(() => {});
      await promise;
      if (poolId) await removeHeartbeat(pgPool, poolId).catch(() => {});
      await pgPool.end();
    },
  };
}

/** Runs every job that is due now, then returns (tests and one-shot scripts). */
export async function drainJobs(connectionString: string): Promise<void> {
  await runOnce({ connectionString, taskList, logger });
}
