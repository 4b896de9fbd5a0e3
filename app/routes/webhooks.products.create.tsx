import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { queueWebhookEvent } from "../ingest/webhook-inbox.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// The product and its variants as Shopify holds them now; the ingest-product job keeps the newest.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload: version } = await authenticateWebhook(request, "products/create");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, {
      shop,
      resource: "product",
      resourceId: version.id,
      topic,
      payload: { kind: "version", version },
    }),
  );
  return new Response();
};
