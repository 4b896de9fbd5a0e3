import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// The granted scopes, on the shop's offline session and its row.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticateWebhook(request, "app/scopes_update");
  const scopes = payload.current.join(",");
  await acceptWebhookOnce({ shop, topic, webhookId }, async (tx) => {
    await tx.session.updateMany({ where: { shop, isOnline: false }, data: { scope: scopes } });
    await tx.shop.updateMany({ where: { shop }, data: { scopes } });
  });
  return new Response();
};
