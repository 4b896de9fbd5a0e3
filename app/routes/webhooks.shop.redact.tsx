import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueue } from "../jobs/queue.server";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// The shop is the one the signed body names (authenticateWebhook refuses a header that differs).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId } = await authenticateWebhook(request, "shop/redact");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    enqueue("erase-shop", { shop }, { jobKey: `erase-shop:${shop}` }, tx),
  );
  return new Response();
};
