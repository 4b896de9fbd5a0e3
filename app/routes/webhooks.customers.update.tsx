import type { ActionFunctionArgs } from "@remix-run/node";
import { saveCustomerTags } from "../ingest/customer-tags.server";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// The customer's tags, for rule conditions; an older version than the stored one changes nothing.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload: customer } = await authenticateWebhook(request, "customers/update");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) => saveCustomerTags(tx, shop, customer));
  return new Response();
};
