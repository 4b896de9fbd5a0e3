import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { queueWebhookEvent } from "../models/webhook-inbox.server";
import { authenticate } from "../shopify.server";
import { refundPayload } from "../webhooks/order-schemas";
import { parsePayload } from "../webhooks/payload.server";

// A refund of some lines; kept by refund id, so it counts once however it arrives (here or in an order payload).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const refund = parsePayload(refundPayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, { shop, resource: "order", resourceId: refund.orderId, topic, payload: { kind: "refund", refund } }),
  );
  return new Response();
};
