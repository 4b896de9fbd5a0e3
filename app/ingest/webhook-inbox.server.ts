// The webhook inbox: order and product deliveries, reduced to the fields the app uses, wait here for
// their resource's ingest job. The job key is per resource, so a burst of deliveries for one order
// coalesces into one run, which takes every pending row of the order at once: no version is lost
// when a pending job is replaced, and rows delivered while a run is under way get a run of their own.
import type { Prisma } from "@prisma/client";
import { defineStatement, sql, type Db } from "../db/statements.server";
import { enqueue } from "../jobs/queue.server";
import { STATS_LOCK } from "../recommender/store/pair-storage.server";
import type { Tx } from "./webhook-delivery.server";

export type InboxResource = "order" | "product";

const INGEST_TASK = { order: "ingest-order", product: "ingest-product" } as const;

const ADD_SHOP = defineStatement(
  "pairwise-inbox-add-shop",
  `INSERT INTO shops (shop) VALUES ($1) ON CONFLICT DO NOTHING`,
);

export interface InboxRow {
  id: bigint;
  topic: string;
  payload: Prisma.JsonValue;
}

const TAKE_INBOX = defineStatement<InboxRow>(
  "pairwise-inbox-take",
  `DELETE FROM webhook_inbox WHERE shop = $1 AND resource = $2 AND resource_id = $3 RETURNING id, topic, payload`,
  { columns: ["id", "topic", "payload"] },
);

const BEGIN_INGEST = defineStatement(
  "pairwise-inbox-begin-ingest",
  `SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtextextended($1, 0))::text`,
);

const BEGIN_INGEST_WITH_STATS = defineStatement(
  "pairwise-inbox-begin-ingest-with-stats",
  `SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock_shared($2::int, hashtext($3))::text,
     pg_advisory_xact_lock(hashtextextended($1, 0))::text`,
);

/**
 * Records a delivery and queues its resource's ingest job, in the caller's transaction (the one
 * that records the webhook id). Creates the shop's row if this is its first contact, without
 * touching an existing one (an uninstalled shop stays uninstalled).
 */
export async function queueWebhookEvent(
  tx: Tx,
  event: { shop: string; resource: InboxResource; resourceId: string; topic: string; payload: Prisma.InputJsonValue },
): Promise<void> {
  const { shop, resource, resourceId, topic, payload } = event;
  await sql.execute(tx, ADD_SHOP, [shop]);
  await tx.webhookInbox.create({ data: { shop, resource, resourceId: BigInt(resourceId), topic, payload } });
  const task = INGEST_TASK[resource];
  const key = `${task}:${shop}:${resourceId}`;
  if (task === "ingest-order") await enqueue(task, { shop, orderId: resourceId }, { jobKey: key }, tx);
  else await enqueue(task, { shop, productId: resourceId }, { jobKey: key }, tx);
}

/** Takes (deletes and returns) the resource's pending rows, oldest first. */
export async function takeInbox(
  db: Db,
  shop: string,
  resource: InboxResource,
  resourceId: bigint,
): Promise<InboxRow[]> {
  const rows = await sql.query(db, TAKE_INBOX, [shop, resource, resourceId]);
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * The first statement of an ingest job's transaction, in one round trip:
 * - its commit does not wait for the WAL flush (synchronous_commit off). Safe here: the job is
 *   marked done by the worker in a later, synchronous commit, which flushes the WAL up to and
 *   including this one; a crash before that loses both, and the job runs again (it is idempotent).
 *   The webhook's own transaction (delivery id, inbox row, job) stays synchronous.
 * - with stats, the shop's shared statistics lock (app/recommender/store/pair-storage.server.ts), first;
 * - the resource's lock, which serialises the runs of one order or product (a job replaced while
 *   under way gets a successor that may start before it ends).
 */
export async function beginIngest(
  db: Db,
  shop: string,
  resource: InboxResource,
  resourceId: bigint,
  options: { stats: boolean },
): Promise<void> {
  const key = `${resource}:${shop}:${resourceId}`;
  if (options.stats) await sql.query(db, BEGIN_INGEST_WITH_STATS, [key, STATS_LOCK, shop]);
  else await sql.query(db, BEGIN_INGEST, [key]);
}
