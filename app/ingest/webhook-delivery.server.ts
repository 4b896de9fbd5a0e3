// Webhook deliveries: Shopify retries and may deliver a webhook twice. The delivery id is recorded
// in the same transaction as the work it queues, so a repeat is acknowledged without queueing again,
// and a crash before commit leaves nothing half-done (Shopify then retries).
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

export type Tx = Prisma.TransactionClient;

/**
 * Runs `queueWork` once per delivery id. Returns false (and does nothing) for a repeat delivery.
 */
export async function acceptWebhookOnce(
  delivery: { shop: string; webhookId: string; topic: string },
  queueWork: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO webhook_deliveries (shop, webhook_id, topic)
      VALUES (${delivery.shop}, ${delivery.webhookId}, ${delivery.topic})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return false;
    await queueWork(tx);
    return true;
  });
}
