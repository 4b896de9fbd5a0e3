import type { ActionFunctionArgs } from "@remix-run/node";
import { deleteCustomerTags } from "../models/customer-tags.server";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticate } from "../shopify.server";
import { customerDeletePayload } from "../webhooks/customer-schemas";
import { parsePayload } from "../webhooks/payload.server";

// A deleted customer's tags go with them.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const { id } = parsePayload(customerDeletePayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) => deleteCustomerTags(tx, shop, id));
  return new Response();
};
