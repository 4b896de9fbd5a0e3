// The tags of the shop's customers, for rule conditions ("customers tagged VIP"): the only customer
// data kept besides ids. Written from customers/* webhooks in the webhook's own transaction (one
// upsert: nothing to queue), newest version wins, and never for a customer erased by
// customers/redact (its tombstone in redacted_customers).
import { defineStatement, sql, type Db } from "../db/statements.server";

const SAVE_TAGS = defineStatement(
  "pairwise-customer-tags-save",
  `INSERT INTO customer_tags (shop, customer_id, tags, source_updated_at)
   SELECT $1, $2::bigint, $3::text[], $4::timestamp
   WHERE NOT EXISTS (SELECT 1 FROM redacted_customers WHERE shop = $1 AND customer_id = $2::bigint)
   ON CONFLICT (shop, customer_id) DO UPDATE SET tags = EXCLUDED.tags, source_updated_at = EXCLUDED.source_updated_at
     WHERE customer_tags.source_updated_at <= EXCLUDED.source_updated_at`,
);

const DELETE_TAGS = defineStatement(
  "pairwise-customer-tags-delete",
  `DELETE FROM customer_tags WHERE shop = $1 AND customer_id = $2::bigint`,
);

export async function saveCustomerTags(
  db: Db,
  shop: string,
  customer: { id: string; tags: string[]; updatedAt: string },
): Promise<void> {
  await sql.execute(db, SAVE_TAGS, [shop, customer.id, customer.tags, customer.updatedAt]);
}

export async function deleteCustomerTags(db: Db, shop: string, customerId: string | bigint): Promise<void> {
  await sql.execute(db, DELETE_TAGS, [shop, String(customerId)]);
}
