// The enabled rules of recently served shops, kept by this app process with the version they were
// read at (shops.rules_version, changed by database triggers on every write to a shop's rules).
// The storefront's statement is given the version held here and sends the rules again whenever the
// shop's version differs (app/offers/serving/offer-inputs.server.ts; held-by-version.server.ts says why
// that is safe with any number of processes).
import type { RuleRow } from "../engine/types";
import { HeldByVersion } from "./held-by-version.server";

export interface CachedRules {
  version: string;
  rules: readonly RuleRow[];
}

/** Enough for the shops one process serves at a time; a dropped shop costs one fuller statement. */
export const MAX_CACHED_SHOPS = 2_000;

const byShop = new HeldByVersion<readonly RuleRow[]>(MAX_CACHED_SHOPS);

/** The rules held for a shop, if any (and marks the shop as recently served). */
export function heldRules(shop: string): CachedRules | undefined {
  const held = byShop.get(shop);
  return held && { version: held.version, rules: held.value };
}

/** Holds a shop's rules as read at `version`; they are frozen, as every request shares them. */
export function holdRules(shop: string, version: string, rules: RuleRow[]): CachedRules {
  const held = byShop.hold(shop, version, rules);
  return { version: held.version, rules: held.value };
}
