// The post-purchase email funnel: sent, opened, clicked, and followed by an order of an offered
// product within EMAIL_WINDOW_DAYS.
import { defineStatement, sql } from "../../db/statements.server";
import { EMAIL_WINDOW_DAYS } from "./attribution.server";
import type { Tx } from "./read.server";
import { scopeValues, type Scope } from "./scope.server";

export interface EmailRow {
  sent: number;
  opened: number;
  clicked: number;
  opens_tracked: boolean;
  clicks_tracked: boolean;
  ordered: number;
  orders: number;
  revenue: number;
}

/**
 * The emails sent in the range and what followed each within the window (even past the range's
 * end): an order by the same customer containing an offered product. $1–$3 the scope.
 */
const EMAIL_FUNNEL = defineStatement<EmailRow>(
  "pairwise-kpi-email-funnel",
  `
    WITH sends AS MATERIALIZED (
      SELECT s.id, s.customer_id, s.order_id, s.sent_at, s.opened_at, s.clicked_at, s.offers
      FROM email_sends s
      WHERE s.shop = $1 AND s.status = 'SENT' AND s.sent_at >= $2::timestamp AND s.sent_at < $3::timestamp
    ),
    matches AS (
      SELECT DISTINCT ON (l.id) s.id AS email_id, o.id AS order_id,
        CASE WHEN l.quantity > 0 THEN (l.price * l.quantity - l.total_discount) * GREATEST(0, l.quantity - l.refunded_quantity) / l.quantity ELSE 0 END AS revenue
      FROM sends s
      JOIN orders o ON o.shop = $1 AND o.customer_id = s.customer_id AND o.counted AND o.id <> s.order_id
        AND o.processed_at > s.sent_at AND o.processed_at <= s.sent_at + make_interval(days => ${EMAIL_WINDOW_DAYS})
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.offers) = 'array' THEN s.offers ELSE '[]'::jsonb END) AS item
      JOIN order_lines l ON l.shop = $1 AND l.order_id = o.id
        AND l.product_id = CASE WHEN item->>'productId' ~ '^[0-9]{1,18}$' THEN (item->>'productId')::bigint END
      ORDER BY l.id, s.sent_at DESC
    )
    SELECT (SELECT count(*) FROM sends)::int AS sent,
      (SELECT count(opened_at) FROM sends)::int AS opened,
      (SELECT count(clicked_at) FROM sends)::int AS clicked,
      EXISTS (SELECT 1 FROM email_sends WHERE shop = $1 AND opened_at IS NOT NULL) AS opens_tracked,
      EXISTS (SELECT 1 FROM email_sends WHERE shop = $1 AND clicked_at IS NOT NULL) AS clicks_tracked,
      (SELECT count(DISTINCT email_id) FROM matches)::int AS ordered,
      (SELECT count(DISTINCT order_id) FROM matches)::int AS orders,
      (SELECT round(coalesce(sum(revenue), 0), 2) FROM matches)::float8 AS revenue`,
  { columns: ["sent", "opened", "clicked", "opens_tracked", "clicks_tracked", "ordered", "orders", "revenue"] },
);

export async function emailFunnel(tx: Tx, scope: Scope): Promise<EmailRow> {
  const [row] = await sql.query(tx, EMAIL_FUNNEL, scopeValues(scope));
  return row;
}
