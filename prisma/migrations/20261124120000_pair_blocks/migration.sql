-- Pair counts in two layers (docs/decisions/010-pair-blocks-and-deltas.md).
--
-- pair_blocks is the compacted base: one row per (shop, product_a) with that product's partners
-- b > a in ascending order and, at the same positions, the orders with both. A full rebuild writes
-- about one row per product instead of one per pair. pair_stats keeps its shape and becomes the
-- delta layer: what ingestion added or removed since the last compaction or rebuild. A pair's
-- count is base + delta, so a delta row may be negative (an order cancelled after its pairs were
-- compacted). Existing pair_stats rows are valid deltas over an empty base: no data moves here.

-- CreateTable
CREATE TABLE "pair_blocks" (
    "shop" TEXT NOT NULL,
    "product_a" BIGINT NOT NULL,
    "partners" BIGINT[],
    "together" DOUBLE PRECISION[],

    CONSTRAINT "pair_blocks_pkey" PRIMARY KEY ("shop","product_a")
);

-- AddForeignKey (a few thousand rows per shop: the per-row check is cheap, and erasure cascades)
ALTER TABLE "pair_blocks" ADD CONSTRAINT "pair_blocks_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- Arrays of ids and counts compress poorly and are rewritten whole; skipping compression makes
-- both writes and reads cheaper (large rows still go out of line, to TOAST).
ALTER TABLE "pair_blocks" ALTER COLUMN "partners" SET STORAGE EXTERNAL, ALTER COLUMN "together" SET STORAGE EXTERNAL;

-- The merged counts, one row per pair (base + delta, zeros left out; 1e-9 is the recommender's
-- ZERO_TOLERANCE). For tests, explanations and ad-hoc queries: conditions on shop and products
-- are pushed into both layers. Bulk reads merge the layers in the application instead.
CREATE VIEW "pair_counts" AS
SELECT "shop", "product_a", "product_b", sum("together") AS "together"
FROM (
  SELECT b."shop", b."product_a", u."product_b", u."together"
  FROM "pair_blocks" b CROSS JOIN LATERAL unnest(b."partners", b."together") AS u("product_b", "together")
  UNION ALL
  SELECT "shop", "product_a", "product_b", "together" FROM "pair_stats"
) layers
GROUP BY "shop", "product_a", "product_b"
HAVING abs(sum("together")) >= 1e-9;

-- Same name, arguments and result as before (migration 20261123130000); only the pair part
-- changes. A pair's delta row may now be negative. It is deleted when it returns to zero (the
-- count is then its base value). Drift is a count below zero: base + delta, looked up in the
-- base only for the delta rows that went negative.
CREATE OR REPLACE FUNCTION "pairwise_apply_counts_delta"(
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
  v_zero BOOLEAN;
  v_negative BOOLEAN;
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
    WITH upserted AS (
      INSERT INTO "pair_stats" AS p ("shop", "product_a", "product_b", "together")
      SELECT p_shop, d.a, d.b, d.delta
      FROM unnest(p_a, p_b, p_pair_deltas) AS d(a, b, delta) ORDER BY d.a, d.b
      ON CONFLICT ("shop", "product_a", "product_b") DO UPDATE SET "together" = p."together" + EXCLUDED."together"
      RETURNING p."together"
    )
    SELECT coalesce(bool_or(abs("together") < p_tolerance), false), coalesce(bool_or("together" <= -p_tolerance), false)
    INTO v_zero, v_negative FROM upserted;
    IF v_zero THEN
      DELETE FROM "pair_stats" AS p USING unnest(p_a, p_b) AS d(a, b)
      WHERE p."shop" = p_shop AND p."product_a" = d.a AND p."product_b" = d.b AND abs(p."together") < p_tolerance;
    END IF;
    IF v_negative THEN
      SELECT v_drift OR coalesce(bool_or(p."together" + coalesce(b."together"[array_position(b."partners", p."product_b")], 0) < -p_tolerance), false)
      INTO v_drift
      FROM "pair_stats" AS p
      JOIN unnest(p_a, p_b) AS d(a, b) ON p."product_a" = d.a AND p."product_b" = d.b
      LEFT JOIN "pair_blocks" AS b ON b."shop" = p_shop AND b."product_a" = p."product_a"
      WHERE p."shop" = p_shop AND p."together" <= -p_tolerance;
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

-- Folds the shop's delta rows into its base (app/models/stats-store.server.ts compactPairDeltas).
-- The caller holds the shop's statistics lock in shared mode, as deltas do, so ingestion goes on:
-- the delta rows are locked in ascending key order (the deltas' order: no deadlock), then deleted
-- and added to their blocks in one statement. A delta that arrives meanwhile either waits for a
-- locked row and lands in a new delta row after the commit, or lands in a row this compaction did
-- not lock and stays for the next one. Nothing is lost or counted twice. Compactions of one shop
-- run one at a time (an advisory lock of their own), because they rewrite the same blocks.
-- drift: a merged count below zero (a rebuild is due; such a count is left out of the block).
CREATE FUNCTION "pairwise_compact_pair_deltas"(
  p_shop TEXT,
  p_tolerance DOUBLE PRECISION,
  OUT folded INTEGER,
  OUT drift BOOLEAN
) LANGUAGE plpgsql AS $$
DECLARE
  v_a BIGINT[];
  v_b BIGINT[];
BEGIN
  PERFORM pg_advisory_xact_lock(1346455875, hashtext(p_shop)); -- "PAIC"
  SELECT array_agg(locked."product_a"), array_agg(locked."product_b") INTO v_a, v_b
  FROM (SELECT "product_a", "product_b" FROM "pair_stats" WHERE "shop" = p_shop
        ORDER BY "product_a", "product_b" FOR UPDATE) AS locked;
  folded := coalesce(cardinality(v_a), 0);
  drift := false;
  IF folded = 0 THEN
    RETURN;
  END IF;
  WITH delta AS (
    DELETE FROM "pair_stats" AS p USING unnest(v_a, v_b) AS k(a, b)
    WHERE p."shop" = p_shop AND p."product_a" = k.a AND p."product_b" = k.b
    RETURNING p."product_a" AS a, p."product_b" AS b, p."together" AS t
  ), merged AS (
    SELECT x.a, x.b, sum(x.t) AS t
    FROM (
      SELECT a, b, t FROM delta
      UNION ALL
      SELECT pb."product_a", u.b, u.t
      FROM "pair_blocks" AS pb CROSS JOIN LATERAL unnest(pb."partners", pb."together") AS u(b, t)
      WHERE pb."shop" = p_shop AND pb."product_a" IN (SELECT DISTINCT a FROM delta)
    ) AS x
    GROUP BY x.a, x.b
  ), blocks AS (
    SELECT a,
           array_agg(b ORDER BY b) FILTER (WHERE t >= p_tolerance) AS partners,
           array_agg(t ORDER BY b) FILTER (WHERE t >= p_tolerance) AS together,
           bool_or(t <= -p_tolerance) AS drift
    FROM merged GROUP BY a
  ), written AS (
    INSERT INTO "pair_blocks" AS pb ("shop", "product_a", "partners", "together")
    SELECT p_shop, a, partners, together FROM blocks WHERE partners IS NOT NULL ORDER BY a
    ON CONFLICT ("shop", "product_a") DO UPDATE SET "partners" = EXCLUDED."partners", "together" = EXCLUDED."together"
  ), emptied AS (
    DELETE FROM "pair_blocks" AS pb USING blocks
    WHERE pb."shop" = p_shop AND pb."product_a" = blocks.a AND blocks.partners IS NULL
  )
  SELECT coalesce(bool_or(blocks.drift), false) INTO drift FROM blocks;
END;
$$;

-- The number of pairs with a non-zero count (base entries, plus delta rows for pairs not in the
-- base, minus delta rows that cancel their base value), without unnesting the base.
CREATE FUNCTION "pairwise_pair_count"(p_shop TEXT, p_tolerance DOUBLE PRECISION) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT sum(cardinality("partners")) FROM "pair_blocks" WHERE "shop" = p_shop), 0)::bigint
       + coalesce((
           SELECT sum(CASE WHEN d.base IS NULL THEN 1 WHEN abs(d.base + d.together) < p_tolerance THEN -1 ELSE 0 END)
           FROM (SELECT p."together", b."together"[array_position(b."partners", p."product_b")] AS base
                 FROM "pair_stats" AS p
                 LEFT JOIN "pair_blocks" AS b ON b."shop" = p."shop" AND b."product_a" = p."product_a"
                 WHERE p."shop" = p_shop) AS d), 0)::bigint
$$;
