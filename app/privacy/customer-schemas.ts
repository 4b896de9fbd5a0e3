// customers/create, customers/update and customers/delete, reduced at the boundary to what rule
// conditions use: the customer's id and tags. Names, emails, addresses and the rest are not read.
import { z } from "zod";
import { shopifyTime } from "../ingest/webhooks/order-schemas";
import { splitTags } from "../ingest/webhooks/product-schemas";
import { shopifyIdJson } from "../shopify/ids";

export const customerPayload = z
  .object({
    id: shopifyIdJson,
    tags: z.union([z.string(), z.array(z.string())]).nullish(),
    updated_at: shopifyTime,
  })
  .transform((customer) => ({
    id: customer.id,
    // Rule conditions compare tags case-insensitively; stored as Shopify spells them, deduplicated.
    tags: [...new Set(splitTags(customer.tags))].slice(0, 250),
    updatedAt: customer.updated_at,
  }));

export type CustomerVersion = z.output<typeof customerPayload>;

export const customerDeletePayload = z.object({ id: shopifyIdJson });
