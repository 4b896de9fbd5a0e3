// History backfill: a Shopify bulk operation exports the shop's past orders; a chain of jobs starts
// it, polls it and streams its JSONL result into the orders tables, recording progress (rows done /
// total) that the admin shows. The import checkpoints its position, so a crash or a retry resumes
// where it stopped instead of starting over.
import prisma from "../../db.server";
import { defineStatement, sql } from "../../db/statements.server";
import { groupBulkOrders, type GroupedOrder } from "./bulk-orders";
import { readJsonl } from "./jsonl.server";
import {
  BULK_OPERATION_STATUS_QUERY,
  BULK_RUN_QUERY_MUTATION,
  ordersBulkQuery,
} from "../../shopify/graphql/bulk-orders";
import { enqueue } from "../../jobs/queue.server";
import { adminQuery, mutationPayload, type AdminGraphqlClient } from "../../shopify/admin-api.server";
import { saveBackfilledOrders } from "./backfill-orders.server";

export const DEFAULT_BACKFILL_DAYS = 60;
// Shopify suggests polling a bulk operation every few seconds; tests set BULK_POLL_INTERVAL_MS=0.
const pollDelayMs = () => Number(process.env.BULK_POLL_INTERVAL_MS ?? 5_000);
export const IMPORT_BATCH = 200;

export type BackfillStatus = "PENDING" | "RUNNING" | "IMPORTING" | "COMPLETED" | "FAILED";

const ACTIVE: BackfillStatus[] = ["PENDING", "RUNNING", "IMPORTING"];

const LOCK_SHOP = defineStatement(
  "pairwise-backfill-lock-shop",
  `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`,
);

/**
 * Creates a run and queues its start, unless the shop already has one under way (Shopify runs one
 * bulk query per shop at a time); `created` says which. `days: null` imports all history (needs
 * read_all_orders). A lock per shop makes two simultaneous requests start one run.
 */
export async function requestBackfill(shop: string, options: { days?: number | null } = {}) {
  const days = options.days === undefined ? DEFAULT_BACKFILL_DAYS : options.days;
  return prisma.$transaction(async (tx) => {
    await sql.query(tx, LOCK_SHOP, [`backfill:${shop}`]);
    const active = await tx.backfillRun.findFirst({
      where: { shop, status: { in: ACTIVE } },
      orderBy: { startedAt: "desc" },
    });
    if (active) return { run: active, created: false };
    const run = await tx.backfillRun.create({
      data: { shop, kind: days === null ? "orders:all" : `orders:${days}d` },
    });
    await enqueue("backfill-start", { shop, runId: run.id }, { jobKey: `backfill:${shop}` }, tx);
    return { run, created: true };
  });
}

export async function latestBackfill(shop: string) {
  return prisma.backfillRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } });
}

async function findRun(shop: string, runId: string) {
  return prisma.backfillRun.findUnique({ where: { shop_id: { shop, id: runId } } });
}

async function fail(shop: string, runId: string, error: string) {
  await prisma.backfillRun.update({
    where: { shop_id: { shop, id: runId } },
    data: { status: "FAILED", error, finishedAt: new Date() },
  });
}

function sinceFor(kind: string, now: Date): Date | null {
  const match = kind.match(/^orders:(\d+)d$/);
  return match ? new Date(now.getTime() - Number(match[1]) * 86_400_000) : null;
}

export async function startBackfill(shop: string, runId: string, admin: AdminGraphqlClient) {
  const run = await findRun(shop, runId);
  if (!run || run.status !== "PENDING") return;
  const data = await adminQuery(admin, BULK_RUN_QUERY_MUTATION, {
    query: ordersBulkQuery(sinceFor(run.kind, run.startedAt)),
  });
  const { bulkOperation, userErrors } = mutationPayload(data, "bulkOperationRunQuery");
  if (!bulkOperation) {
    await fail(shop, runId, userErrors.map((e) => e.message).join("; ") || "bulk operation not created");
    return;
  }
  await prisma.$transaction(async (tx) => {
    await tx.backfillRun.update({
      where: { shop_id: { shop, id: runId } },
      data: { status: "RUNNING", bulkOperationId: bulkOperation.id },
    });
    await enqueue("backfill-poll", { shop, runId }, { runAt: new Date(Date.now() + pollDelayMs()) }, tx);
  });
}

async function operationStatus(admin: AdminGraphqlClient, id: string) {
  const data = await adminQuery(admin, BULK_OPERATION_STATUS_QUERY, { id });
  return data.node;
}

export async function pollBackfill(shop: string, runId: string, admin: AdminGraphqlClient) {
  const run = await findRun(shop, runId);
  if (!run || run.status !== "RUNNING" || !run.bulkOperationId) return;
  const operation = await operationStatus(admin, run.bulkOperationId);
  if (!operation) return fail(shop, runId, "bulk operation not found");
  const rowsTotal = Number(operation.objectCount);
  if (operation.status === "COMPLETED") {
    await prisma.$transaction(async (tx) => {
      await tx.backfillRun.update({
        where: { shop_id: { shop, id: runId } },
        data: { status: "IMPORTING", rowsTotal },
      });
      await enqueue("backfill-import", { shop, runId }, {}, tx);
    });
  } else if (operation.status === "CREATED" || operation.status === "RUNNING") {
    await prisma.$transaction(async (tx) => {
      await tx.backfillRun.update({ where: { shop_id: { shop, id: runId } }, data: { rowsTotal } });
      await enqueue("backfill-poll", { shop, runId }, { runAt: new Date(Date.now() + pollDelayMs()) }, tx);
    });
  } else {
    await fail(
      shop,
      runId,
      `bulk operation ${operation.status.toLowerCase()}${operation.errorCode ? `: ${operation.errorCode}` : ""}`,
    );
  }
}

/**
 * Streams the result from the run's checkpoint, saving orders in batches; after each batch the
 * checkpoint moves to the next order's first row, in the same transaction as the batch.
 */
export async function importBackfill(shop: string, runId: string, admin: AdminGraphqlClient) {
  const run = await findRun(shop, runId);
  if (!run || run.status !== "IMPORTING" || !run.bulkOperationId) return;
  const operation = await operationStatus(admin, run.bulkOperationId);
  const rowsTotal = run.rowsTotal ?? 0;
  if (operation?.url) {
    let batch: GroupedOrder[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const next = batch[batch.length - 1].lastIndex + 1;
      await prisma.$transaction(
        async (tx) => {
          await saveBackfilledOrders(tx, shop, batch);
          await tx.backfillRun.update({
            where: { shop_id: { shop, id: runId } },
            data: { cursor: next, rowsDone: Math.min(next, rowsTotal || next) },
          });
        },
        // A batch is a few hundred small inserts: well under a second, but never cut off on a busy host.
        { timeout: 60_000, maxWait: 30_000 },
      );
      batch = [];
    };
    for await (const grouped of groupBulkOrders(readJsonl(operation.url, { skip: run.cursor }))) {
      batch.push(grouped);
      if (batch.length >= IMPORT_BATCH) await flush();
    }
    await flush();
  }
  // The orders' ingest jobs (queued with each batch) update the pair statistics incrementally.
  await prisma.backfillRun.update({
    where: { shop_id: { shop, id: runId } },
    data: { status: "COMPLETED", finishedAt: new Date(), rowsDone: rowsTotal },
  });
}
