-- pair_stats is the largest table and derived data (rebuildable from orders). Its foreign key to
-- shops cost a lookup and a row lock on the shop per inserted row: most of a rebuild's write time.
-- The key goes; deleting a shop still deletes its pairs, through a trigger on shops (shops' key
-- never changes, so ON UPDATE needs no counterpart). The (shop, product_b) index had no reader:
-- neighbour lists are precomputed and read from product_stats.

-- DropForeignKey
ALTER TABLE "pair_stats" DROP CONSTRAINT "pair_stats_shop_fkey";

-- DropIndex
DROP INDEX "pair_stats_shop_product_b_idx";

-- Cascade by trigger
CREATE FUNCTION "pairwise_delete_shop_pair_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "pair_stats" WHERE "shop" = OLD."shop";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "shops_delete_pair_stats" AFTER DELETE ON "shops"
  FOR EACH ROW EXECUTE FUNCTION "pairwise_delete_shop_pair_stats"();

-- One order's delta to a shop's statistics (app/models/pair-stats.server.ts applyCountsDelta), in
-- one round trip with plans cached per connection: product counts, then pair counts, each upserted
-- in ascending key order (concurrent deltas wait for each other instead of deadlocking), then the
-- shop's total. Counts that fall to zero (below p_tolerance) are deleted. Returns true when a count
-- went below zero: the stored statistics had drifted from the orders.
CREATE FUNCTION "pairwise_apply_counts_delta"(
  p_shop TEXT,
  p_items BIGINT[],
  p_item_deltas DOUBLE PRECISION[],
  p_a BIGINT[],
  p_b BIGINT[],
  p_pair_deltas DOUBLE PRECISION[],
  p_total DOUBLE PRECISION,
  p_tolerance DOUBLE PRECISION
) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  v_drift BOOLEAN := false;
  v_total DOUBLE PRECISION;
BEGIN
  IF cardinality(p_items) > 0 THEN
    INSERT INTO "product_stats" AS s ("shop", "product_id", "order_count", "updated_at")
    SELECT p_shop, d.id, d.delta, now() AT TIME ZONE 'UTC'
    FROM unnest(p_items, p_item_deltas) AS d(id, delta) ORDER BY d.id
    ON CONFLICT ("shop", "product_id") DO UPDATE
      SET "order_count" = s."order_count" + EXCLUDED."order_count", "updated_at" = EXCLUDED."updated_at";
    IF EXISTS (SELECT 1 FROM unnest(p_item_deltas) AS x(delta) WHERE x.delta < 0) THEN
      WITH gone AS (
        DELETE FROM "product_stats"
        WHERE "shop" = p_shop AND "product_id" = ANY(p_items) AND "order_count" < p_tolerance
        RETURNING "order_count"
      )
      SELECT v_drift OR coalesce(bool_or("order_count" < -p_tolerance), false) INTO v_drift FROM gone;
    END IF;
  END IF;

  IF cardinality(p_a) > 0 THEN
    INSERT INTO "pair_stats" AS p ("shop", "product_a", "product_b", "together")
    SELECT p_shop, d.a, d.b, d.delta
    FROM unnest(p_a, p_b, p_pair_deltas) AS d(a, b, delta) ORDER BY d.a, d.b
    ON CONFLICT ("shop", "product_a", "product_b") DO UPDATE SET "together" = p."together" + EXCLUDED."together";
    IF EXISTS (SELECT 1 FROM unnest(p_pair_deltas) AS x(delta) WHERE x.delta < 0) THEN
      WITH gone AS (
        DELETE FROM "pair_stats" AS p USING unnest(p_a, p_b) AS d(a, b)
        WHERE p."shop" = p_shop AND p."product_a" = d.a AND p."product_b" = d.b AND p."together" < p_tolerance
        RETURNING p."together"
      )
      SELECT v_drift OR coalesce(bool_or("together" < -p_tolerance), false) INTO v_drift FROM gone;
    END IF;
  END IF;

  IF p_total <> 0 THEN
    UPDATE "recommender_state"
    SET "total_orders" = CASE WHEN abs("total_orders" + p_total) < p_tolerance THEN 0 ELSE "total_orders" + p_total END
    WHERE "shop" = p_shop
    RETURNING "total_orders" INTO v_total;
    v_drift := v_drift OR v_total IS NULL OR v_total < 0;
  END IF;
  RETURN v_drift;
END;
$$;
