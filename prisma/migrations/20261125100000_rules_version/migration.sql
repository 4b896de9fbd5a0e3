-- A version of each shop's rules, changed by every write to its rules (any writer: the admin, the
-- demo seed, tests, SQL by hand), so an app process may keep a shop's parsed rules and ask the
-- storefront's statement for them only when they changed: the statement compares the version it
-- is given with this one, in the same snapshot as everything else it reads
-- (app/models/offer-inputs.server.ts, decision 013). From a sequence, never reused: a shop erased
-- and installed again cannot meet a version an app process still holds.

CREATE SEQUENCE "rules_version_seq";

ALTER TABLE "shops" ADD COLUMN "rules_version" BIGINT NOT NULL DEFAULT nextval('rules_version_seq');

CREATE FUNCTION pairwise_rules_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE shops SET rules_version = nextval('rules_version_seq') WHERE shop IN (SELECT shop FROM new_rules);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE shops SET rules_version = nextval('rules_version_seq') WHERE shop IN (SELECT shop FROM old_rules);
  ELSE
    UPDATE shops SET rules_version = nextval('rules_version_seq')
    WHERE shop IN (SELECT shop FROM new_rules UNION SELECT shop FROM old_rules);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER rules_version_insert AFTER INSERT ON "rules"
  REFERENCING NEW TABLE AS new_rules FOR EACH STATEMENT EXECUTE FUNCTION pairwise_rules_version();
CREATE TRIGGER rules_version_update AFTER UPDATE ON "rules"
  REFERENCING OLD TABLE AS old_rules NEW TABLE AS new_rules FOR EACH STATEMENT EXECUTE FUNCTION pairwise_rules_version();
CREATE TRIGGER rules_version_delete AFTER DELETE ON "rules"
  REFERENCING OLD TABLE AS old_rules FOR EACH STATEMENT EXECUTE FUNCTION pairwise_rules_version();
