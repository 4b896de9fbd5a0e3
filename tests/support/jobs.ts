// Runs every queued job, including those scheduled for later (debounced refreshes), until none is
// left; a job that failed makes the test fail with its error.
import prisma from "../../app/db.server";
import { drainJobs } from "../../app/jobs/worker.server";

/** Runs the jobs that are due now until none is (scheduled ones stay queued). */
export async function drainDueJobs(connectionString = process.env.DATABASE_URL!): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await drainJobs(connectionString);
    const [{ due }] = await prisma.$queryRaw<{ due: number }[]>`
      SELECT count(*)::int AS due FROM graphile_worker._private_jobs WHERE run_at <= now() AND locked_at IS NULL AND attempts = 0`;
    if (due === 0) return;
  }
  throw new Error("drainDueJobs gave up after 20 rounds");
}

export async function drainAllJobs(connectionString = process.env.DATABASE_URL!): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE run_at > now() AND locked_at IS NULL AND attempts = 0`;
    await drainJobs(connectionString);
    const failed = await prisma.$queryRaw<{ task: string; error: string }[]>`
      SELECT t.identifier AS task, j.last_error AS error
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE j.last_error IS NOT NULL`;
    if (failed.length > 0) throw new Error(`job ${failed[0].task} failed: ${failed[0].error}`);
    const [{ left }] = await prisma.$queryRaw<
      { left: number }[]
    >`SELECT count(*)::int AS left FROM graphile_worker._private_jobs`;
    if (left === 0) return;
  }
  throw new Error("jobs keep coming: drainAllJobs gave up after 20 rounds");
}
