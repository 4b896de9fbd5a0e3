// Every webhook topic the app takes: its body's schema and, where the body names the shop, where.
// Shopify's HMAC covers only the body: the shop in X-Shopify-Shop-Domain is believed only where
// the body confirms it (app/ingest/webhooks/authenticate-webhook.server.ts checks `shopOf`).
import type { z } from "zod";
import { customerDeletePayload, customerPayload } from "../../privacy/customer-schemas";
import { orderDeletePayload, orderPayload, refundPayload } from "./order-schemas";
import { productDeletePayload, productPayload } from "./product-schemas";
import {
  appUninstalledPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  scopesUpdatePayload,
  shopRedactPayload,
} from "./schemas";

export interface WebhookTopicSpec<S extends z.ZodType> {
  schema: S;
  /** The shop the signed body names, which the header must equal. */
  shopOf?: (payload: z.output<S>) => string;
}

function topic<S extends z.ZodType>(schema: S, shopOf?: (payload: z.output<S>) => string): WebhookTopicSpec<S> {
  return { schema, shopOf };
}

export const WEBHOOK_TOPICS = {
  "app/uninstalled": topic(appUninstalledPayload, (body) => body.myshopify_domain),
  "app/scopes_update": topic(scopesUpdatePayload),
  "customers/create": topic(customerPayload),
  "customers/update": topic(customerPayload),
  "customers/delete": topic(customerDeletePayload),
  "customers/data_request": topic(customersDataRequestPayload, (body) => body.shop_domain),
  "customers/redact": topic(customersRedactPayload, (body) => body.shop_domain),
  "shop/redact": topic(shopRedactPayload, (body) => body.shop_domain),
  "orders/create": topic(orderPayload),
  "orders/updated": topic(orderPayload),
  "orders/cancelled": topic(orderPayload),
  "orders/delete": topic(orderDeletePayload),
  "refunds/create": topic(refundPayload),
  "products/create": topic(productPayload),
  "products/update": topic(productPayload),
  "products/delete": topic(productDeletePayload),
} as const;

export type WebhookTopic = keyof typeof WEBHOOK_TOPICS;
export type WebhookPayload<T extends WebhookTopic> = z.output<(typeof WEBHOOK_TOPICS)[T]["schema"]>;
