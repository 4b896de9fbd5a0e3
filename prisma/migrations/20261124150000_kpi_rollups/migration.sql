-- Rollups for the analytics dashboard (issue #7, app/models/kpis.server.ts, docs/kpis.md).
--
-- The dashboard's event numbers over a month of a busy shop (~330k events) took most of its
-- time re-reading and re-hashing raw offer_events on every load. Two rollups, kept exactly equal
-- to offer_events by statement-level triggers in the inserting transaction (so every writer —
-- the storefront beacons, the demo seed, tests, bulk loads — keeps them right, and a reader never
-- sees one without the other):
--
-- offer_event_counts: events per shop, UTC day, surface, kind, rule ('' = no rule), holdout and
--   type. The counts by type, surface, kind, rule and day are sums over a few hundred rows a day.
-- offer_visitor_days: one row per shop, UTC day, visitor and holdout flag with an impression,
--   holding the distinct surfaces, kinds and rules ('' = no rule) of that day's impressions. The
--   distinct visitors shown offers (in total, per day, per surface, kind, rule) and the holdout
--   experiment's groups are computed from it: ~7x fewer rows than impressions, and the per-day
--   reach needs no hashing at all. (Reach under a filter needs the combination of surface, kind
--   and rule of each impression: filtered dashboards read the raw impressions.)
--
-- Write cost on the beacon insert path: one upsert into each rollup per INSERT statement (rows
-- grouped, locked in key order so concurrent inserts cannot deadlock); a visitor-day row is only
-- rewritten when the impression adds a surface, kind or rule not seen that day. Concurrent beacons
-- of one shop briefly queue on the same count row (a lock held until their commit).
-- Deletes and updates (offer events are append-only; they go with the shop) are handled too:
-- counts are decremented, affected visitor-days recomputed from the raw events.
-- Both rollups cascade with the shop.

-- CreateTable
CREATE TABLE "offer_event_counts" (
    "shop" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "surface" TEXT NOT NULL,
    "offer_kind" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL DEFAULT '',
    "holdout" BOOLEAN NOT NULL,
    "type" TEXT NOT NULL,
    "events" BIGINT NOT NULL,

    CONSTRAINT "offer_event_counts_pkey" PRIMARY KEY ("shop","day","surface","offer_kind","rule_id","holdout","type")
);

-- CreateTable
CREATE TABLE "offer_visitor_days" (
    "shop" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "visitor_id" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "surfaces" TEXT[],
    "kinds" TEXT[],
    "rules" TEXT[],

    CONSTRAINT "offer_visitor_days_pkey" PRIMARY KEY ("shop","day","visitor_id","holdout")
);

-- AddForeignKey
ALTER TABLE "offer_event_counts" ADD CONSTRAINT "offer_event_counts_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer_visitor_days" ADD CONSTRAINT "offer_visitor_days_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- Top pairs: the few best-selling pairs' impressions are looked up by offered product instead of
-- aggregating every event of the range. offer_events_shop_offer_id_idx is a prefix of
-- offer_events_shop_offer_id_occurred_at_idx (migration 20261124090000), which serves the same
-- lookups: dropping it keeps the number of indexes written per event the same.
-- DropIndex
DROP INDEX "offer_events_shop_offer_id_idx";

-- CreateIndex
CREATE INDEX "offer_events_shop_offered_product_id_occurred_at_idx" ON "offer_events"("shop", "offered_product_id", "occurred_at");

-- Adds a set of new offer events (a transition table's rows) to both rollups.
CREATE FUNCTION "offer_events_rollup_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO offer_event_counts AS c (shop, day, surface, offer_kind, rule_id, holdout, type, events)
  SELECT e.shop, e.occurred_at::date, e.surface, e.offer_kind, coalesce(e.rule_id, ''), e.holdout, e.type, count(*)
  FROM new_events e
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (shop, day, surface, offer_kind, rule_id, holdout, type) DO UPDATE SET events = c.events + excluded.events;

  INSERT INTO offer_visitor_days AS v (shop, day, visitor_id, holdout, surfaces, kinds, rules)
  SELECT e.shop, e.occurred_at::date, e.visitor_id, e.holdout,
    array_agg(DISTINCT e.surface), array_agg(DISTINCT e.offer_kind), array_agg(DISTINCT coalesce(e.rule_id, ''))
  FROM new_events e
  WHERE e.type = 'impression' AND e.visitor_id IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (shop, day, visitor_id, holdout) DO UPDATE SET
    surfaces = ARRAY(SELECT DISTINCT x FROM unnest(v.surfaces || excluded.surfaces) x ORDER BY 1),
    kinds = ARRAY(SELECT DISTINCT x FROM unnest(v.kinds || excluded.kinds) x ORDER BY 1),
    rules = ARRAY(SELECT DISTINCT x FROM unnest(v.rules || excluded.rules) x ORDER BY 1)
  WHERE NOT (v.surfaces @> excluded.surfaces AND v.kinds @> excluded.kinds AND v.rules @> excluded.rules);
  RETURN NULL;
END $$;

-- Takes a set of removed offer events (a transition table's rows) out of both rollups. Skipped
-- for a shop that is being deleted: its rollup rows go by their own cascade.
CREATE FUNCTION "offer_events_rollup_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE offer_event_counts c SET events = c.events - r.events
  FROM (SELECT e.shop, e.occurred_at::date AS day, e.surface, e.offer_kind, coalesce(e.rule_id, '') AS rule_id, e.holdout, e.type, count(*) AS events
        FROM old_events e
        WHERE EXISTS (SELECT 1 FROM shops s WHERE s.shop = e.shop)
        GROUP BY 1, 2, 3, 4, 5, 6, 7) r
  WHERE c.shop = r.shop AND c.day = r.day AND c.surface = r.surface AND c.offer_kind = r.offer_kind AND c.rule_id = r.rule_id
    AND c.holdout = r.holdout AND c.type = r.type;
  DELETE FROM offer_event_counts c
  USING (SELECT DISTINCT e.shop, e.occurred_at::date AS day FROM old_events e) k
  WHERE c.shop = k.shop AND c.day = k.day AND c.events <= 0;

  -- The visitor-days the removed impressions were in, recomputed from the events that remain.
  INSERT INTO offer_visitor_days AS v (shop, day, visitor_id, holdout, surfaces, kinds, rules)
  SELECT e.shop, e.occurred_at::date, e.visitor_id, e.holdout,
    array_agg(DISTINCT e.surface), array_agg(DISTINCT e.offer_kind), array_agg(DISTINCT coalesce(e.rule_id, ''))
  FROM (SELECT DISTINCT o.shop, o.occurred_at::date AS day, o.visitor_id, o.holdout FROM old_events o
        WHERE o.type = 'impression' AND o.visitor_id IS NOT NULL AND EXISTS (SELECT 1 FROM shops s WHERE s.shop = o.shop)) k
  JOIN offer_events e ON e.shop = k.shop AND e.visitor_id = k.visitor_id AND e.holdout = k.holdout
    AND e.occurred_at >= k.day AND e.occurred_at < k.day + 1 AND e.type = 'impression'
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (shop, day, visitor_id, holdout) DO UPDATE SET surfaces = excluded.surfaces, kinds = excluded.kinds, rules = excluded.rules;
  DELETE FROM offer_visitor_days v
  USING (SELECT DISTINCT o.shop, o.occurred_at::date AS day, o.visitor_id, o.holdout FROM old_events o
         WHERE o.type = 'impression' AND o.visitor_id IS NOT NULL) k
  WHERE v.shop = k.shop AND v.day = k.day AND v.visitor_id = k.visitor_id AND v.holdout = k.holdout
    AND NOT EXISTS (SELECT 1 FROM offer_events e WHERE e.shop = k.shop AND e.visitor_id = k.visitor_id AND e.holdout = k.holdout
                    AND e.occurred_at >= k.day AND e.occurred_at < k.day + 1 AND e.type = 'impression');
  RETURN NULL;
END $$;

CREATE TRIGGER "offer_events_rollup_after_insert" AFTER INSERT ON "offer_events"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "offer_events_rollup_insert"();
CREATE TRIGGER "offer_events_rollup_after_delete" AFTER DELETE ON "offer_events"
  REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION "offer_events_rollup_remove"();
-- An update is a removal of the old rows, then an addition of the new ones (triggers fire in name order).
CREATE TRIGGER "offer_events_rollup_after_update_1_remove" AFTER UPDATE ON "offer_events"
  REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION "offer_events_rollup_remove"();
CREATE TRIGGER "offer_events_rollup_after_update_2_insert" AFTER UPDATE ON "offer_events"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "offer_events_rollup_insert"();

-- The events recorded so far.
INSERT INTO offer_event_counts (shop, day, surface, offer_kind, rule_id, holdout, type, events)
SELECT e.shop, e.occurred_at::date, e.surface, e.offer_kind, coalesce(e.rule_id, ''), e.holdout, e.type, count(*)
FROM offer_events e
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO offer_visitor_days (shop, day, visitor_id, holdout, surfaces, kinds, rules)
SELECT e.shop, e.occurred_at::date, e.visitor_id, e.holdout,
  array_agg(DISTINCT e.surface), array_agg(DISTINCT e.offer_kind), array_agg(DISTINCT coalesce(e.rule_id, ''))
FROM offer_events e
WHERE e.type = 'impression' AND e.visitor_id IS NOT NULL
GROUP BY 1, 2, 3, 4;
