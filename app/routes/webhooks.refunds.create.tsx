import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { queueWebhookEvent } from "../ingest/webhook-inbox.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// A refund of some lines; kept by refund id, so it counts once however it arrives (here or in an order payload).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload: refund } = await authenticateWebhook(request, "refunds/create");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, {
      shop,
      resource: "order",
      resourceId: refund.orderId,
      topic,
      payload: { kind: "refund", refund },
    }),
  );
  return new Response();
};
