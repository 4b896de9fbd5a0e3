// Webhook deliveries: Shopify retries and may deliver a webhook twice. The delivery id is recorded
// in the same transaction as the work it queues, so a repeat is acknowledged without queueing again,
// and a crash before commit leaves nothing half-done (Shopify then retries).
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { defineStatement, sql } from "../db/statements.server";

export type Tx = Prisma.TransactionClient;

const RECORD_DELIVERY = defineStatement(
  "pairwise-webhook-delivery-record",
  `INSERT INTO webhook_deliveries (shop, webhook_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
);

/**
 * Runs `queueWork` once per delivery id. Returns false (and does nothing) for a repeat delivery.
 */
export async function acceptWebhookOnce(
  delivery: { shop: string; webhookId: string; topic: string },
  queueWork: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const inserted = await sql.execute(tx, RECORD_DELIVERY, [delivery.shop, delivery.webhookId, delivery.topic]);
    if (inserted === 0) return false;
    await queueWork(tx);
    return true;
  });
}
