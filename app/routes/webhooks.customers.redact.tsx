import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueue } from "../jobs/queue.server";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticateWebhook(request, "customers/redact");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    enqueue("redact-customer", { shop, customerId: payload.customer.id, orderIds: payload.orders_to_redact }, {}, tx),
  );
  return new Response();
};
