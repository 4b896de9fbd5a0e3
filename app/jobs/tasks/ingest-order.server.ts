import { z } from "zod";
import { ingestOrder } from "../../models/order.server";

export const ingestOrderPayload = z.object({ shop: z.string().min(1), orderId: z.string().regex(/^\d+$/) });

export async function ingestOrderTask({ shop, orderId }: z.output<typeof ingestOrderPayload>) {
  await ingestOrder(shop, BigInt(orderId));
}
