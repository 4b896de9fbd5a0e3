-- Indexes for the analytics dashboard (issue #7, app/models/kpis.server.ts). Only additions.
-- An attributed order line finds the event that showed its offer: the same visitor's latest event
-- for that offer id before the order, else the shop's latest for that offer id. Without these,
-- each line scanned every event of its offer id (seconds per dashboard for a shop with 1M events).
-- (offer_events_shop_offer_id_idx is now a prefix of the second one and could go in a later release.)

-- CreateIndex
CREATE INDEX "offer_events_shop_visitor_id_offer_id_occurred_at_idx" ON "offer_events"("shop", "visitor_id", "offer_id", "occurred_at");

-- CreateIndex
CREATE INDEX "offer_events_shop_offer_id_occurred_at_idx" ON "offer_events"("shop", "offer_id", "occurred_at");

-- The email funnel reads the emails sent in a date range.
-- CreateIndex
CREATE INDEX "email_sends_shop_sent_at_idx" ON "email_sends"("shop", "sent_at");
