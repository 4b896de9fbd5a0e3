import type { ActionFunctionArgs } from "@remix-run/node";
import { recordDataRequest } from "../privacy/customer-privacy.server";
import { ensureShop } from "../shops/shop.server";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticateWebhook(request, "customers/data_request");
  // One small insert: recorded inline, no job needed.
  await acceptWebhookOnce({ shop, topic, webhookId }, async (tx) => {
    await ensureShop(shop, tx);
    await recordDataRequest(tx, {
      shop,
      customerId: payload.customer ? BigInt(payload.customer.id) : null,
      orderIds: payload.orders_requested.map(BigInt),
      dataRequestId: payload.data_request?.id ?? null,
    });
  });
  return new Response();
};
