// Customer privacy requests (GDPR/CCPA compliance webhooks).
import prisma from "../db.server";
import { defineStatement, sql } from "../db/statements.server";
import type { Tx } from "../ingest/webhook-delivery.server";

const UNLINK_INBOX_ORDERS = defineStatement(
  "pairwise-privacy-unlink-inbox-orders",
  `UPDATE webhook_inbox
   SET payload = jsonb_set(jsonb_set(payload, '{version,customerId}', 'null'), '{version,visitorId}', 'null')
   WHERE shop = $1 AND resource = 'order' AND payload ? 'version'
     AND (payload #>> '{version,customerId}' = $2 OR resource_id = ANY($3::bigint[]))`,
);

/**
 * customers/redact: deletes the rows that are about the customer (upsell emails with their address,
 * unsubscribe records, data requests, tags) and unlinks their orders (customer and visitor ids cleared),
 * so what remains is anonymous order lines that only feed aggregate pair statistics; order deliveries
 * still waiting in the webhook inbox are unlinked the same way, and versions delivered later are
 * stored unlinked (a tombstone in redacted_customers). Idempotent.
 */
export async function redactCustomer(shop: string, customerId: bigint, orderIds: bigint[]) {
  await prisma.$transaction(
    async (tx) => {
      await tx.emailSend.deleteMany({ where: { shop, customerId } });
      await tx.emailSend.updateMany({
        where: { shop, orderId: { in: orderIds } },
        data: { toAddress: null, customerId: null },
      });
      await tx.emailSuppression.deleteMany({ where: { shop, customerId } });
      await tx.dataRequest.deleteMany({ where: { shop, customerId } });
      await tx.customerTags.deleteMany({ where: { shop, customerId } });
      // The tombstone that keeps later deliveries of the customer's orders unlinked (order.server.ts).
      await tx.redactedCustomer.createMany({ data: [{ shop, customerId }], skipDuplicates: true });
      await tx.order.updateMany({
        where: { shop, OR: [{ customerId }, { id: { in: orderIds } }] },
        data: { customerId: null, visitorId: null },
      });
      // Order deliveries not ingested yet would link the orders again: unlink them too.
      await sql.execute(tx, UNLINK_INBOX_ORDERS, [shop, String(customerId), orderIds]);
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** customers/data_request: recorded so the merchant can see it and answer the customer. */
export async function recordDataRequest(
  tx: Tx,
  request: { shop: string; customerId: bigint | null; orderIds: bigint[]; dataRequestId: string | null },
) {
  await tx.dataRequest.create({
    data: {
      shop: request.shop,
      customerId: request.customerId,
      ordersRequested: request.orderIds,
      dataRequestId: request.dataRequestId,
    },
  });
}
