// What the storefront's offers statement read for one product page or cart that depends neither on
// the visitor nor on the time: the facts of the products the engine may name, the pins and blocks,
// the products of the cart's variants. Kept by this app process with the version it was read at:
// the shop's catalog_version and rules_version (migrations 20261126090000 and 20261125100000),
// changed by database triggers on every write to products, variants, pins, blocks and rules. The
// statement is given the version held here and sends these again whenever the shop's differs
// (app/offers/serving/offer-inputs.server.ts; held-by-version.server.ts says why that is safe with any
// number of processes). Neighbour lists, order counts, settings, events and customer facts are
// read by every request.
import type { CatalogProduct, PairOverride } from "../engine/types";
import { HeldByVersion } from "./held-by-version.server";
import type { ServingRow } from "../../recommender/store/recommendations.server";

export interface OfferCatalogData {
  overrides: readonly PairOverride[];
  /** The recommender's serving read's pins and blocks (ServingRow), in their order. */
  servingOverrides: ServingRow["serving_overrides"];
  /** Facts of the anchors, the overrides' products and the rules' products, in id order. */
  catalog: readonly CatalogProduct[];
  /** Facts of the other products of the anchors' stored neighbour lists, when the statement brought them. */
  preloaded: ReadonlyMap<string, CatalogProduct> | null;
  /** The ids those lists named when this was read (listed ids without facts were deleted). */
  looked: ReadonlySet<string>;
  /** The cart's variants that exist, with their products. */
  cartLines: readonly { id: string; productId: string }[];
}

/** Enough for the pages and carts one process serves most; a dropped one costs one fuller statement. */
export const MAX_HELD_OFFER_DATA = 2_000;

const byRequest = new HeldByVersion<OfferCatalogData>(MAX_HELD_OFFER_DATA);

/** The key of a product page or cart: the shop, the product and the cart's variants as a set. */
export function offerDataKey(shop: string, productId: bigint | undefined, cartVariantIds: readonly bigint[]): string {
  const variants = [...new Set(cartVariantIds.map(String))].sort();
  return `${shop}\n${productId ?? ""}\n${variants.join(",")}`;
}

export function heldOfferData(key: string) {
  return byRequest.get(key);
}

export function holdOfferData(key: string, version: string, data: OfferCatalogData) {
  return byRequest.hold(key, version, data);
}
