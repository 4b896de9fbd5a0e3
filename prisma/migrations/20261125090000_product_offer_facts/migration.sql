-- The offers engine's facts of each product (app/offers/types.ts CatalogProduct: the product and
-- its variants) as JSON text, kept current by triggers, so the storefront's per-request statement
-- (app/models/offer-inputs.server.ts) reads them instead of building them: building the facts of
-- the ~35 products one product page may name was most of that statement's database time
-- (docs/benchmarks.md, section d). Every writer (webhooks, catalog sync, the demo seed, tests, bulk
-- loads) keeps them right, in its own transaction.

ALTER TABLE "products" ADD COLUMN "offer_facts" TEXT;

-- The one definition of the facts. VOLATILE: called from a trigger, it must read the variants as
-- they are now (a fresh snapshot), including a concurrent transaction's committed change that the
-- caller waited for.
CREATE FUNCTION pairwise_offer_facts(p products) RETURNS TEXT LANGUAGE sql VOLATILE AS $$
  SELECT json_build_object(
    'id', p.id::text, 'title', p.title, 'handle', p.handle, 'productType', p.product_type, 'vendor', p.vendor,
    'tags', p.tags, 'collectionIds', p.collection_ids::text[], 'status', p.status, 'available', p.available,
    'variants', (SELECT coalesce(json_agg(json_build_object(
                    'id', v.id::text, 'productId', v.product_id::text, 'title', v.title, 'price', v.price,
                    'available', v.available, 'position', v.position) ORDER BY v.position, v.id), '[]'::json)
                 FROM variants v WHERE v.shop = p.shop AND v.product_id = p.id))::text
$$;

-- A product row written in any way gets its facts recomputed (whatever offer_facts it was given).
CREATE FUNCTION pairwise_products_offer_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.offer_facts := pairwise_offer_facts(NEW);
  RETURN NEW;
END
$$;

CREATE TRIGGER products_offer_facts BEFORE INSERT OR UPDATE ON "products"
  FOR EACH ROW EXECUTE FUNCTION pairwise_products_offer_facts();

-- Variants written: their products are touched once per statement, and the trigger above
-- recomputes them. (Rows of a product deleted in the same statement are simply not found.)
CREATE FUNCTION pairwise_variants_offer_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE products p SET offer_facts = NULL
    FROM (SELECT DISTINCT shop, product_id FROM new_variants) c WHERE p.shop = c.shop AND p.id = c.product_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE products p SET offer_facts = NULL
    FROM (SELECT DISTINCT shop, product_id FROM old_variants) c WHERE p.shop = c.shop AND p.id = c.product_id;
  ELSE
    UPDATE products p SET offer_facts = NULL
    FROM (SELECT shop, product_id FROM new_variants UNION SELECT shop, product_id FROM old_variants) c
    WHERE p.shop = c.shop AND p.id = c.product_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER variants_offer_facts_insert AFTER INSERT ON "variants"
  REFERENCING NEW TABLE AS new_variants FOR EACH STATEMENT EXECUTE FUNCTION pairwise_variants_offer_facts();
CREATE TRIGGER variants_offer_facts_update AFTER UPDATE ON "variants"
  REFERENCING OLD TABLE AS old_variants NEW TABLE AS new_variants FOR EACH STATEMENT EXECUTE FUNCTION pairwise_variants_offer_facts();
CREATE TRIGGER variants_offer_facts_delete AFTER DELETE ON "variants"
  REFERENCING OLD TABLE AS old_variants FOR EACH STATEMENT EXECUTE FUNCTION pairwise_variants_offer_facts();

-- The products already stored.
UPDATE "products" SET offer_facts = NULL;
