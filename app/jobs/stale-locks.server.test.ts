// Jobs of a dead worker pool go back to the queue within minutes; live pools' jobs are never taken.
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { sqlPool } from "../db/sql-pool.server";
import { ensureShop } from "../shops/shop.server";
import { waitFor } from "../../tests/support/wait-for";
import { enqueue } from "./queue.server";
import { unlockJobsOfDeadWorkers, writeHeartbeat } from "./stale-locks.server";
import { startWorker } from "./worker.server";

const SHOP = "stale-locks.myshopify.com";

async function lockJob(orderId: string, lockedBy: string, lockedSecondsAgo: number) {
  await enqueue("ingest-order", { shop: SHOP, orderId }, { jobKey: `stale-test:${orderId}` });
  await prisma.$executeRaw`
    UPDATE graphile_worker._private_jobs
    SET locked_by = ${lockedBy}, locked_at = now() - make_interval(secs => ${lockedSecondsAgo})
    WHERE key = ${`stale-test:${orderId}`}`;
}

async function lockOf(orderId: string): Promise<string | null | undefined> {
  const rows = await prisma.$queryRaw<{ locked_by: string | null }[]>`
    SELECT locked_by FROM graphile_worker._private_jobs WHERE key = ${`stale-test:${orderId}`}`;
  return rows[0]?.locked_by;
}

afterAll(async () => {
  await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
});

describe("stale job locks", () => {
  it("unlocks the jobs of a pool with no heartbeat, and only those", async () => {
    await ensureShop(SHOP);
    const pool = sqlPool();
    await writeHeartbeat(pool, "pool-alive");
    await lockJob("1", "pool-dead", 600);
    await lockJob("2", "pool-alive", 600);
    // Locked a moment ago by a pool that has not written its first heartbeat yet.
    await lockJob("3", "pool-new", 1);

    expect(await unlockJobsOfDeadWorkers(pool, 120)).toEqual(["pool-dead"]);
    expect(await lockOf("1")).toBeNull();
    expect(await lockOf("2")).toBe("pool-alive");
    expect(await lockOf("3")).toBe("pool-new");

    // A heartbeat that stopped long ago no longer protects its pool.
    await prisma.$executeRaw`UPDATE job_worker_heartbeats SET seen_at = now() - interval '10 minutes' WHERE worker_id = 'pool-alive'`;
    expect(await unlockJobsOfDeadWorkers(pool, 120)).toEqual(["pool-alive"]);
    expect(await lockOf("2")).toBeNull();
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  });

  it("a running worker picks up a dead pool's job by itself", async () => {
    await ensureShop(SHOP);
    await lockJob("4", "pool-crashed", 600);
    const worker = await startWorker(process.env.DATABASE_URL!, 1, { staleLockSeconds: 2 });
    try {
      await waitFor(
        "the worker to unlock and run the crashed pool's job",
        async () => {
          const lock = await lockOf("4");
          return { done: lock === undefined, seen: lock === undefined ? "job done" : `locked by ${lock}` };
        },
        { timeoutMs: 60_000 },
      );
      // The live worker's own heartbeat is written.
      const [{ live }] = await prisma.$queryRaw<{ live: number }[]>`
        SELECT count(*)::int AS live FROM job_worker_heartbeats WHERE seen_at > now() - interval '1 minute' AND worker_id LIKE 'pool-%'`;
      expect(live).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
  });
});
