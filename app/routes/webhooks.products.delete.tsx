import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { queueWebhookEvent } from "../ingest/webhook-inbox.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// Soft delete (deletedAt): the product leaves offers and neighbour lists; a late update cannot revive it.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticateWebhook(request, "products/delete");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, { shop, resource: "product", resourceId: payload.id, topic, payload: { kind: "delete" } }),
  );
  return new Response();
};
