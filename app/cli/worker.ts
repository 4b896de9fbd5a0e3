// `npm run worker`: a job queue worker process (run as many as the load needs).
import "dotenv/config";
import { env } from "../env.server";
import { startWorker } from "../jobs/worker.server";

const runner = await startWorker(env().DATABASE_URL, Number(process.env.WORKER_CONCURRENCY || 4));
await runner.promise;
