-- A version of each shop's catalog as the storefront's offers read it (products and their stored
-- offer facts, variants, pins and blocks), changed by every write to those tables (any writer: the
-- product webhooks' jobs, the demo seed, tests, SQL by hand). An app process may keep what the
-- offers statement read for a product page or a cart and be sent it again only when this version,
-- or the shop's rules_version, differs: the statement compares the two in the same snapshot as
-- everything else it reads (app/models/offer-data-cache.server.ts, decision 014). From a sequence,
-- never reused, like rules_version.
--
-- Statement-level triggers: one update of the shop's row per statement, however many rows it
-- wrote. Neighbour lists and order counts are not versioned: the statement reads them every time.

CREATE SEQUENCE "catalog_version_seq";

ALTER TABLE "shops" ADD COLUMN "catalog_version" BIGINT NOT NULL DEFAULT nextval('catalog_version_seq');

CREATE FUNCTION pairwise_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE shops SET catalog_version = nextval('catalog_version_seq') WHERE shop IN (SELECT shop FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE shops SET catalog_version = nextval('catalog_version_seq') WHERE shop IN (SELECT shop FROM old_rows);
  ELSE
    UPDATE shops SET catalog_version = nextval('catalog_version_seq')
    WHERE shop IN (SELECT shop FROM new_rows UNION SELECT shop FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER catalog_version_insert AFTER INSERT ON "products"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
CREATE TRIGGER catalog_version_update AFTER UPDATE ON "products"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
CREATE TRIGGER catalog_version_delete AFTER DELETE ON "products"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();

CREATE TRIGGER catalog_version_insert AFTER INSERT ON "variants"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
CREATE TRIGGER catalog_version_update AFTER UPDATE ON "variants"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
CREATE TRIGGER catalog_version_delete AFTER DELETE ON "variants"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();

CREATE TRIGGER catalog_version_insert AFTER INSERT ON "pair_overrides"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
CREATE TRIGGER catalog_version_update AFTER UPDATE ON "pair_overrides"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
CREATE TRIGGER catalog_version_delete AFTER DELETE ON "pair_overrides"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pairwise_catalog_version();
