import type { ActionFunctionArgs } from "@remix-run/node";
import { deleteCustomerTags } from "../ingest/customer-tags.server";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// A deleted customer's tags go with them.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticateWebhook(request, "customers/delete");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) => deleteCustomerTags(tx, shop, payload.id));
  return new Response();
};
