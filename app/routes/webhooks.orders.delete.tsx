import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { queueWebhookEvent } from "../ingest/webhook-inbox.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// Leaves a tombstone: the order stops counting, and a late create or update cannot bring it back.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticateWebhook(request, "orders/delete");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, { shop, resource: "order", resourceId: payload.id, topic, payload: { kind: "delete" } }),
  );
  return new Response();
};
