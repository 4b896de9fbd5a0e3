import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { queueWebhookEvent } from "../ingest/webhook-inbox.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// The order as Shopify holds it now; the ingest-order job merges it (newest updated_at wins).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload: version } = await authenticateWebhook(request, "orders/updated");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, {
      shop,
      resource: "order",
      resourceId: version.id,
      topic,
      payload: { kind: "version", version },
    }),
  );
  return new Response();
};
