import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueue } from "../jobs/queue.server";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticate } from "../shopify.server";
import { parsePayload } from "../webhooks/payload.server";
import { shopRedactPayload } from "../webhooks/schemas";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  parsePayload(shopRedactPayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    enqueue("erase-shop", { shop }, { jobKey: `erase-shop:${shop}` }, tx),
  );
  return new Response();
};
