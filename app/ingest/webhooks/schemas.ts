// Only the fields the app uses, as Shopify documents them for each topic. The compliance topics'
// bodies are strict: a body of another topic's shape is refused, not read as this one.
import { z } from "zod";
import { shopifyIdJson } from "../../shopify/ids";

const shopDomain = z.string().min(1).max(255);
const complianceCustomer = z.object({ id: shopifyIdJson });

export const customersRedactPayload = z.strictObject({
  shop_id: shopifyIdJson.optional(),
  shop_domain: shopDomain,
  customer: complianceCustomer,
  orders_to_redact: z.array(shopifyIdJson).default([]),
});

export const customersDataRequestPayload = z.strictObject({
  shop_id: shopifyIdJson.optional(),
  shop_domain: shopDomain,
  // Shopify always sends all three: without them a body is another topic's (e.g. shop/redact's).
  customer: complianceCustomer,
  orders_requested: z.array(shopifyIdJson),
  data_request: z.object({ id: shopifyIdJson }),
});

export const shopRedactPayload = z.strictObject({
  shop_id: shopifyIdJson.optional(),
  shop_domain: shopDomain,
});

/** app/uninstalled: the Shop resource; only its myshopify domain is read (to check the header's). */
export const appUninstalledPayload = z.object({ myshopify_domain: shopDomain });

export const scopesUpdatePayload = z.object({ current: z.array(z.string()) });
