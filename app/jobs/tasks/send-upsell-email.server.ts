import { z } from "zod";
import { sendUpsellEmail } from "../../models/upsell-email.server";

export const sendUpsellEmailPayload = z.object({
  shop: z.string().min(1),
  orderId: z.string().regex(/^\d+$/),
});

/** Sends one order's post-purchase email (or records why not); throws to be retried with backoff. */
export async function sendUpsellEmailTask(payload: z.output<typeof sendUpsellEmailPayload>) {
  await sendUpsellEmail(payload.shop, BigInt(payload.orderId));
}
