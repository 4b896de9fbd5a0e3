// The tags of the shop's customers, for rule conditions ("customers tagged VIP"): the only customer
// data kept besides ids. Written from customers/* webhooks in the webhook's own transaction (one
// upsert: nothing to queue), newest version wins, and never for a customer erased by
// customers/redact (its tombstone in redacted_customers).
import type { RawSql } from "../db/sql-tx.server";

export async function saveCustomerTags(
  tx: RawSql,
  shop: string,
  customer: { id: string; tags: string[]; updatedAt: string },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO customer_tags (shop, customer_id, tags, source_updated_at)
    SELECT ${shop}, ${customer.id}::bigint, ${customer.tags}::text[], ${customer.updatedAt}::timestamp
    WHERE NOT EXISTS (SELECT 1 FROM redacted_customers WHERE shop = ${shop} AND customer_id = ${customer.id}::bigint)
    ON CONFLICT (shop, customer_id) DO UPDATE SET tags = EXCLUDED.tags, source_updated_at = EXCLUDED.source_updated_at
      WHERE customer_tags.source_updated_at <= EXCLUDED.source_updated_at`;
}

export async function deleteCustomerTags(tx: RawSql, shop: string, customerId: string | bigint): Promise<void> {
  await tx.$executeRaw`DELETE FROM customer_tags WHERE shop = ${shop} AND customer_id = ${String(customerId)}::bigint`;
}
