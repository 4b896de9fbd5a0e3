-- Liveness of job-queue worker pools (app/jobs/stale-locks.server.ts): each running pool writes its
-- heartbeat here; jobs locked by a pool whose heartbeat stopped are unlocked within minutes, not the
-- four hours graphile-worker waits by itself. UNLOGGED: a crash loses only heartbeats, rewritten at once.
CREATE UNLOGGED TABLE "job_worker_heartbeats" (
    "worker_id" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);
