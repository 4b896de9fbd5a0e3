import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueue } from "../jobs/queue.server";
import { deleteSessions, markUninstalled } from "../shops/shop.server";
import { acceptWebhookOnce } from "../ingest/webhook-delivery.server";
import { authenticateWebhook } from "../ingest/webhooks/authenticate-webhook.server";

// The sessions' tokens are revoked: delete them now; the shop's data is erased by a job.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId } = await authenticateWebhook(request, "app/uninstalled");
  await acceptWebhookOnce({ shop, topic, webhookId }, async (tx) => {
    await deleteSessions(shop, tx);
    await markUninstalled(shop, tx);
    await enqueue("erase-shop", { shop }, { jobKey: `erase-shop:${shop}` }, tx);
  });
  return new Response();
};
