import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { queueWebhookEvent } from "../models/webhook-inbox.server";
import { authenticate } from "../shopify.server";
import { parsePayload } from "../webhooks/payload.server";
import { productDeletePayload } from "../webhooks/product-schemas";

// Soft delete (deletedAt): the product leaves offers and neighbour lists; a late update cannot revive it.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const { id } = parsePayload(productDeletePayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, { shop, resource: "product", resourceId: id, topic, payload: { kind: "delete" } }),
  );
  return new Response();
};
