import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueue } from "../jobs/queue.server";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticate } from "../shopify.server";
import { parsePayload } from "../webhooks/payload.server";
import { customersRedactPayload } from "../webhooks/schemas";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const body = parsePayload(customersRedactPayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    enqueue(
      "redact-customer",
      { shop, customerId: body.customer.id, orderIds: body.orders_to_redact },
      {},
      tx,
    ),
  );
  return new Response();
};
