import type { ActionFunctionArgs } from "@remix-run/node";
import { saveCustomerTags } from "../models/customer-tags.server";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticate } from "../shopify.server";
import { customerPayload } from "../webhooks/customer-schemas";
import { parsePayload } from "../webhooks/payload.server";

// The customer's tags, for rule conditions; an older version than the stored one changes nothing.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const customer = parsePayload(customerPayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) => saveCustomerTags(tx, shop, customer));
  return new Response();
};
