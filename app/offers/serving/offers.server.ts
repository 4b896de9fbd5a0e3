// One request's offers: its inputs read (app/offers/serving/offer-inputs.server.ts), then one engine
// run (app/offers/engine/engine.ts). The catalog fallback's pool is read only when the run reaches
// the fallback (pins, rules and neighbours left a slot empty), and the run ends with it: the result
// is the one the engine gives with the pool read up front (offer-inputs.server.test.ts checks it).
import { catalogWithPool } from "../engine/catalog-index";
import { startOffers, type SelectOptions } from "../engine/engine";
import type { OfferInput, OfferResult } from "../engine/types";
import type { WidgetTexts } from "../../settings/settings-schema";
import { catalogPool } from "./offer-catalog.server";
import { loadOfferRequest, type OfferRequest } from "./offer-inputs.server";

/** The offers, the inputs they came from (with the pool, when read), and the shop's widget texts for surfaces that show them. */
export async function offersFor(
  shop: string,
  request: OfferRequest,
  options: SelectOptions = {},
): Promise<{ inputs: OfferInput; result: OfferResult; widgetTexts: WidgetTexts } | null> {
  const loaded = await loadOfferRequest(shop, request, { catalogPool: false });
  if (!loaded) return null;
  const { inputs, widgetTexts } = loaded;
  const run = startOffers(inputs, options);
  if (run.done) return { inputs, result: run.result, widgetTexts };
  const pool = await catalogPool(shop, run.anchors, inputs.catalog);
  const catalog = catalogWithPool(inputs.catalog, pool);
  return {
    inputs: catalog === inputs.catalog ? inputs : { ...inputs, catalog },
    result: run.withPool(pool),
    widgetTexts,
  };
}
