-- The full rebuild reads every counted order's lines in order-id order (pair-stats.server.ts,
-- countedBasketChunks): with the columns it needs in the index, that is an index-only scan.
CREATE INDEX "order_lines_basket_idx" ON "order_lines" ("shop", "order_id") INCLUDE ("product_id", "quantity", "refunded_quantity");

-- Its other half, the counted orders in id order with their processed_at: index-only as well.
CREATE INDEX "orders_counted_idx" ON "orders" ("shop", "id") INCLUDE ("processed_at") WHERE "counted";
