import { z } from "zod";
import { shopifyIdText } from "../../shopify/ids";
import { redactCustomer } from "../../privacy/customer-privacy.server";

export const redactCustomerPayload = z.object({
  shop: z.string().min(1),
  customerId: shopifyIdText,
  orderIds: z.array(shopifyIdText).default([]),
});

export async function redactCustomerTask(payload: z.output<typeof redactCustomerPayload>) {
  await redactCustomer(payload.shop, BigInt(payload.customerId), payload.orderIds.map(BigInt));
}
