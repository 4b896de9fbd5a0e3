import { z } from "zod";
import { shopifyIdText } from "../../shopify/ids";
import { ingestOrder } from "../../ingest/order.server";

export const ingestOrderPayload = z.object({ shop: z.string().min(1), orderId: shopifyIdText });

export async function ingestOrderTask({ shop, orderId }: z.output<typeof ingestOrderPayload>) {
  await ingestOrder(shop, BigInt(orderId));
}
