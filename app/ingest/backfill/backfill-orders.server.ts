// Backfilled orders enter through the same inbox as order webhooks, so the ingest job merges them
// with webhook deliveries by one rule and updates the pair statistics incrementally.
import { bulkOrderToVersion, type GroupedOrder } from "./bulk-orders";
import type { Tx } from "../webhook-delivery.server";
import { queueWebhookEvent } from "../webhook-inbox.server";

export async function saveBackfilledOrders(tx: Tx, shop: string, orders: readonly GroupedOrder[]): Promise<void> {
  for (const grouped of orders) {
    const version = bulkOrderToVersion(grouped);
    await queueWebhookEvent(tx, {
      shop,
      resource: "order",
      resourceId: version.id,
      topic: "bulk/orders",
      payload: { kind: "version", version },
    });
  }
}
