import type { ActionFunctionArgs } from "@remix-run/node";
import { recordDataRequest } from "../models/customer-privacy.server";
import { ensureShop } from "../models/shop.server";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticate } from "../shopify.server";
import { parsePayload } from "../webhooks/payload.server";
import { customersDataRequestPayload } from "../webhooks/schemas";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId } = await authenticate.webhook(request);
  const body = parsePayload(customersDataRequestPayload, payload);
  // One small insert: recorded inline, no job needed.
  await acceptWebhookOnce({ shop, topic, webhookId }, async (tx) => {
    await ensureShop(shop, tx);
    await recordDataRequest(tx, {
      shop,
      customerId: body.customer ? BigInt(body.customer.id) : null,
      orderIds: body.orders_requested.map(BigInt),
      dataRequestId: body.data_request?.id ?? null,
    });
  });
  return new Response();
};
