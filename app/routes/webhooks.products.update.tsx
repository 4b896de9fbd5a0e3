import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { queueWebhookEvent } from "../models/webhook-inbox.server";
import { authenticate } from "../shopify.server";
import { parsePayload } from "../webhooks/payload.server";
import { productPayload } from "../webhooks/product-schemas";

// The product and its variants as Shopify holds them now; the ingest-product job keeps the newest.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const version = parsePayload(productPayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, (tx) =>
    queueWebhookEvent(tx, { shop, resource: "product", resourceId: version.id, topic, payload: { kind: "version", version } }),
  );
  return new Response();
};
