// The enabled rules of recently served shops, kept by this app process with the version they were
// read at (shops.rules_version, changed by database triggers on every write to a shop's rules).
// Never trusted alone: the storefront's statement is given the version held here and sends the
// rules again whenever the shop's version differs, in the same snapshot as everything else it
// reads (app/models/offer-inputs.server.ts). So any number of processes serve the same rules,
// and none serves a rule after the write that changed it has committed. Bounded: the least
// recently served shops are dropped first.
import type { RuleRow } from "../offers/types";

export interface CachedRules {
  version: string;
  rules: readonly RuleRow[];
}

/** Enough for the shops one process serves at a time; a dropped shop costs one fuller statement. */
export const MAX_CACHED_SHOPS = 2_000;

const byShop = new Map<string, CachedRules>();

/** The rules held for a shop, if any (and marks the shop as recently served). */
export function heldRules(shop: string): CachedRules | undefined {
  const held = byShop.get(shop);
  if (held) {
    byShop.delete(shop);
    byShop.set(shop, held);
  }
  return held;
}

/** Holds a shop's rules as read at `version`; they are frozen, as every request shares them. */
export function holdRules(shop: string, version: string, rules: RuleRow[]): CachedRules {
  const held: CachedRules = { version, rules: Object.freeze(rules.map(deepFreeze)) };
  byShop.delete(shop);
  byShop.set(shop, held);
  if (byShop.size > MAX_CACHED_SHOPS) byShop.delete(byShop.keys().next().value!);
  return held;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
