// A product page's or cart's catalog data, as the storefront statement reads it and the app process
// holds it (app/offers/serving/offer-inputs.server.ts), and the pure steps from it to the engine's
// catalog: the cart's products, the served neighbours' facts merged in, the fallback's pool added.
import { compareIds } from "../engine/pair-candidates";
import type { CartLine, CatalogProduct, Neighbour, PairOverride } from "../engine/types";
import type { ServingRow } from "../../recommender/store/recommendations.server";

/** What depends neither on the visitor nor on the time: held by version (decision 014). */
export interface PageData {
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

/** The key of a product page or cart: the shop, the product and the cart's variants as a set. */
export function pageKey(shop: string, productId: bigint | undefined, cartVariantIds: readonly bigint[]): string {
  const variants = [...new Set(cartVariantIds.map(String))].sort();
  return `${shop}\n${productId ?? ""}\n${variants.join(",")}`;
}

/** The cart's lines whose variants exist, with their products, in the cart's order. */
export function cartOf(data: PageData, lines: readonly { variantId: bigint; quantity: number }[]): CartLine[] {
  const productOfVariant = new Map(data.cartLines.map((line) => [line.id, line.productId]));
  return lines.flatMap((line) => {
    const productId = productOfVariant.get(String(line.variantId));
    return productId === undefined ? [] : [{ productId, variantId: String(line.variantId), quantity: line.quantity }];
  });
}

/** The page's product and the cart's products, each once. */
export function anchorsOf(productId: bigint | undefined, cart: readonly CartLine[]): string[] {
  return [...new Set([...(productId ? [String(productId)] : []), ...cart.map((line) => line.productId)])];
}

/**
 * The page's catalog plus the served neighbours' facts it holds, and the neighbours whose facts
 * must be read (a cold-start product's catalogue neighbours, a long cart's lists, a product
 * listed since the data was read). A listed product it found no facts for is deleted: not asked for.
 */
export function neighbourFacts(
  data: PageData,
  neighbours: readonly Neighbour[],
): { catalog: CatalogProduct[]; missing: string[] } {
  const catalog = [...data.catalog];
  const known = new Set(catalog.map((product) => product.id));
  const missing: string[] = [];
  for (const { id } of neighbours) {
    if (known.has(id)) continue;
    const product = data.preloaded?.get(id);
    if (product) catalog.push(product);
    else if (!data.looked.has(id)) missing.push(id);
    known.add(id);
  }
  return { catalog, missing };
}

/** The catalog with the facts read for the missing neighbours, in id order: exactly what the engine may name. */
export function inIdOrder(catalog: CatalogProduct[], read: readonly CatalogProduct[]): CatalogProduct[] {
  return [...catalog, ...read].sort((a, b) => compareIds(a.id, b.id));
}
