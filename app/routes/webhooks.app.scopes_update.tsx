import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../models/webhook-delivery.server";
import { authenticate } from "../shopify.server";
import { parsePayload } from "../webhooks/payload.server";
import { scopesUpdatePayload } from "../webhooks/schemas";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, webhookId, session } = await authenticate.webhook(request);
  const { current } = parsePayload(scopesUpdatePayload, payload);
  await acceptWebhookOnce({ shop, topic, webhookId }, async (tx) => {
    if (session) {
      await tx.session.update({ where: { id: session.id }, data: { scope: current.join(",") } });
    }
    await tx.shop.updateMany({ where: { shop }, data: { scopes: current.join(",") } });
  });
  return new Response();
};
