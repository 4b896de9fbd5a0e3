// Only the fields the app uses, as Shopify documents them for each topic.
import { z } from "zod";

/** Shopify ids arrive as JSON numbers (or strings in some payloads); kept as decimal strings. */
export const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

export const customersRedactPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: shopifyId }),
  orders_to_redact: z.array(shopifyId).default([]),
});

export const customersDataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: shopifyId }).nullish(),
  orders_requested: z.array(shopifyId).default([]),
  data_request: z.object({ id: shopifyId }).nullish(),
});

export const shopRedactPayload = z.object({ shop_domain: z.string() });

export const scopesUpdatePayload = z.object({ current: z.array(z.string()) });
