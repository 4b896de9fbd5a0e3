import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { queueWebhookEvent } from "../models/webhook-inbox.server";
import { authenticate } from "../shopify.server";
import { orderDeletePayload } from "../webhooks/order-schemas";
import { parsePayload } from "../webhooks/payload.server";

// Leaves a tombstone: the order stops counting, and a late create or update cannot bring it back.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const { id } = parsePayload(orderDeletePayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, { shop, resource: "order", resourceId: id, topic, payload: { kind: "delete" } }),
  );
  return new Response();
};
