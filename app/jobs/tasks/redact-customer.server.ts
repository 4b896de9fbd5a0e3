import { z } from "zod";
import { redactCustomer } from "../../models/customer-privacy.server";

export const redactCustomerPayload = z.object({
  shop: z.string().min(1),
  customerId: z.string().regex(/^\d+$/),
  orderIds: z.array(z.string().regex(/^\d+$/)).default([]),
});

export async function redactCustomerTask(payload: z.output<typeof redactCustomerPayload>) {
  await redactCustomer(payload.shop, BigInt(payload.customerId), payload.orderIds.map(BigInt));
}
