// Which order lines the offers earned (definitions in docs/kpis.md): a line carries its offer id,
// surface and kind; its rule and anchor come from the event that showed the offer. Email links carry
// no properties, so a line is credited to an email when its customer ordered an emailed product
// within EMAIL_WINDOW_DAYS. Orders count once, only while `counted`; refunded units are taken off.
import { ruleCondition } from "./scope.server";

/** A post-purchase email is credited with orders of its offered products this long after it was sent. */
export const EMAIL_WINDOW_DAYS = 14;

/** `scoped_orders`: the counted orders of the range with their value (subtotal less refunded units); $1–$3. */
export const SCOPED_ORDERS_CTE = `
  scoped_orders AS MATERIALIZED (
    SELECT o.id, o.visitor_id, o.customer_id, o.processed_at,
      GREATEST(0, o.subtotal_price - CASE
        WHEN EXISTS (SELECT 1 FROM order_refunds r WHERE r.shop = $1 AND r.order_id = o.id)
        THEN coalesce((SELECT sum((l.price * l.quantity - l.total_discount) * LEAST(l.refunded_quantity, l.quantity) / l.quantity)
                       FROM order_lines l WHERE l.shop = $1 AND l.order_id = o.id AND l.refunded_quantity > 0 AND l.quantity > 0), 0)
        ELSE 0 END) AS value
    FROM orders o
    WHERE o.shop = $1 AND o.counted AND o.processed_at >= $2::timestamp AND o.processed_at < $3::timestamp
  )`;

/**
 * `scoped_orders`, then every attributed line of them with its offer, surface, kind, rule, anchor
 * product, whether its visitor was shown the offer in the range, and its units, revenue and
 * discount net of refunds: `attributed`/`valued` hold all lines, `offer_lines` those that pass the
 * filters. Parameters $1–$6 (scope.server.ts).
 */
export const ATTRIBUTION_CTES = `${SCOPED_ORDERS_CTE},
  property_lines AS (
    SELECT o.id AS order_id, o.visitor_id, o.processed_at, l.id AS line_id, l.product_id, l.offer_id,
      l.offer_surface, l.offer_kind, l.quantity, l.refunded_quantity, l.price, l.total_discount, ev.by_visitor,
      ev.surface AS event_surface, ev.offer_kind AS event_kind, ev.rule_id, ev.product_id AS anchor_id, ev.occurred_at AS event_at
    FROM scoped_orders o
    JOIN order_lines l ON l.shop = $1 AND l.order_id = o.id AND l.offer_id IS NOT NULL
    LEFT JOIN LATERAL (
      (SELECT true AS by_visitor, e.surface, e.offer_kind, e.rule_id, e.product_id, e.occurred_at FROM offer_events e
        WHERE e.shop = $1 AND e.visitor_id = o.visitor_id AND e.offer_id = l.offer_id AND e.occurred_at <= o.processed_at AND NOT e.holdout
        ORDER BY e.occurred_at DESC LIMIT 1)
      UNION ALL
      (SELECT false AS by_visitor, e.surface, e.offer_kind, e.rule_id, e.product_id, e.occurred_at FROM offer_events e
        WHERE e.shop = $1 AND e.offer_id = l.offer_id AND e.occurred_at <= o.processed_at AND NOT e.holdout
        ORDER BY e.occurred_at DESC LIMIT 1)
      LIMIT 1
    ) ev ON true
  ),
  email_lines AS (
    SELECT DISTINCT ON (l.id) o.id AS order_id, o.visitor_id, o.processed_at, l.id AS line_id, l.product_id,
      item->>'offerId' AS offer_id, item->>'kind' AS offer_kind, l.quantity, l.refunded_quantity, l.price, l.total_discount, s.id AS email_id
    FROM scoped_orders o
    JOIN email_sends s ON s.shop = $1 AND s.customer_id = o.customer_id AND s.status = 'SENT' AND s.order_id <> o.id
      AND s.sent_at < o.processed_at AND s.sent_at >= o.processed_at - make_interval(days => ${EMAIL_WINDOW_DAYS})
      AND s.sent_at >= $2::timestamp - make_interval(days => ${EMAIL_WINDOW_DAYS}) AND s.sent_at < $3::timestamp
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s.offers) = 'array' THEN s.offers ELSE '[]'::jsonb END) AS item
    JOIN order_lines l ON l.shop = $1 AND l.order_id = o.id AND l.offer_id IS NULL
      AND l.product_id = CASE WHEN item->>'productId' ~ '^[0-9]{1,18}$' THEN (item->>'productId')::bigint END
    WHERE o.customer_id IS NOT NULL
    ORDER BY l.id, s.sent_at DESC
  ),
  attributed AS MATERIALIZED (
    SELECT p.order_id, p.visitor_id, p.processed_at, p.line_id, p.product_id, p.offer_id,
      coalesce(p.offer_surface, p.event_surface) AS surface, coalesce(p.offer_kind, p.event_kind) AS kind,
      p.rule_id, p.anchor_id, 'line_property'::text AS source,
      coalesce(p.by_visitor AND p.event_at >= $2::timestamp, false) AS exposed,
      p.quantity, p.refunded_quantity, p.price, p.total_discount
    FROM property_lines p
    UNION ALL
    SELECT m.order_id, m.visitor_id, m.processed_at, m.line_id, m.product_id, m.offer_id, 'email', m.offer_kind,
      NULL, NULL, 'email_match', false, m.quantity, m.refunded_quantity, m.price, m.total_discount
    FROM email_lines m
  ),
  valued AS (
    SELECT a.*, date_trunc('day', a.processed_at) AS day,
      GREATEST(0, a.quantity - a.refunded_quantity) AS units,
      CASE WHEN a.quantity > 0 THEN (a.price * a.quantity - a.total_discount) * GREATEST(0, a.quantity - a.refunded_quantity) / a.quantity ELSE 0 END AS revenue,
      CASE WHEN a.quantity > 0 THEN a.total_discount * GREATEST(0, a.quantity - a.refunded_quantity) / a.quantity ELSE 0 END AS discount
    FROM attributed a
  ),
  offer_lines AS (
    SELECT * FROM valued v WHERE true
      AND ($4::text IS NULL OR v.surface = $4::text)
      AND ($5::text IS NULL OR v.kind = $5::text)
      ${ruleCondition("v.rule_id")}
  )`;
