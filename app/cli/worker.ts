// `npm run worker`: a job queue worker process (run as many as the load needs). It outlives database
// restarts (the runner is supervised); SIGTERM/SIGINT finish the jobs in hand, then exit.
import "dotenv/config";
import { env } from "../env.server";
import { startWorker } from "../jobs/worker.server";

const worker = await startWorker(env().DATABASE_URL, Number(process.env.WORKER_CONCURRENCY || 4));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
await worker.promise;
