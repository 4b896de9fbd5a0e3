// One request's offers: its inputs loaded (app/models/offer-inputs.server.ts), the one engine run
// (app/offers/engine.ts). The catalog fallback's pool is loaded only when the engine reaches the
// fallback (pins, rules and neighbours left a slot empty); then the engine runs again with it.
// The engine is deterministic and the pool feeds nothing but the fallback, so the result is what
// one run with the pool loaded up front would give (offers.server.test.ts checks both ways).
import { selectOffers } from "../offers/engine";
import type { OfferInput, OfferResult } from "../offers/types";
import { loadOfferInputs, withCatalogPool, type OfferRequest } from "./offer-inputs.server";

export async function offersFor(shop: string, request: OfferRequest): Promise<{ inputs: OfferInput; result: OfferResult } | null> {
  const inputs = await loadOfferInputs(shop, request, { catalogPool: false });
  if (!inputs) return null;
  const result = selectOffers(inputs);
  if (!result.catalogFallback) return { inputs, result };
  const pooled = await withCatalogPool(inputs);
  return pooled.catalog.length === inputs.catalog.length ? { inputs, result } : { inputs: pooled, result: selectOffers(pooled) };
}
