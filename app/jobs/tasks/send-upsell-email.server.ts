import { z } from "zod";
import { shopifyIdText } from "../../shopify/ids";
import { sendUpsellEmail } from "../../email/upsell-email.server";

export const sendUpsellEmailPayload = z.object({
  shop: z.string().min(1),
  orderId: shopifyIdText,
});

/** Sends one order's post-purchase email (or records why not); throws to be retried with backoff. */
export async function sendUpsellEmailTask(payload: z.output<typeof sendUpsellEmailPayload>) {
  await sendUpsellEmail(payload.shop, BigInt(payload.orderId));
}
