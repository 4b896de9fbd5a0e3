// One request's offers: its inputs loaded (app/offers/serving/offer-inputs.server.ts), the one engine run
// (app/offers/engine/engine.ts). The catalog fallback's pool is loaded only when the engine reaches the
// fallback (pins, rules and neighbours left a slot empty); then the engine runs again with it.
// The engine is deterministic and the pool feeds nothing but the fallback, so the result is what
// one run with the pool loaded up front would give (offers.server.test.ts checks both ways).
import { selectOffers, type SelectOptions } from "../engine/engine";
import type { OfferInput, OfferResult } from "../engine/types";
import type { WidgetTexts } from "../../settings/settings-schema";
import { loadOfferRequest, withCatalogPool, type OfferRequest } from "./offer-inputs.server";

/** The offers, the inputs they came from, and the shop's widget texts for surfaces that show them. */
export async function offersFor(
  shop: string,
  request: OfferRequest,
  options: SelectOptions = {},
): Promise<{ inputs: OfferInput; result: OfferResult; widgetTexts: WidgetTexts } | null> {
  const loaded = await loadOfferRequest(shop, request, { catalogPool: false });
  if (!loaded) return null;
  const { inputs, widgetTexts } = loaded;
  const result = selectOffers(inputs, options);
  if (!result.catalogFallback) return { inputs, result, widgetTexts };
  const pooled = await withCatalogPool(inputs);
  if (pooled.catalog.length === inputs.catalog.length) return { inputs, result, widgetTexts };
  return { inputs: pooled, result: selectOffers(pooled, options), widgetTexts };
}
