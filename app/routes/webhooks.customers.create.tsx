import type { ActionFunctionArgs } from "@remix-run/node";
import { saveCustomerTags } from "../models/customer-tags.server";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

// The customer's tags, for rule conditions; an older version than the stored one changes nothing.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload: customer } = await authenticateWebhook(request, "customers/create");
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) => saveCustomerTags(tx, shop, customer));
  return new Response();
};
