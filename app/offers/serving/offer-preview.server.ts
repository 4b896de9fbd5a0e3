// The admin Preview: what each surface would show for a product and/or a cart, computed by the same
// inputs loader and engine the storefront uses (app/offers/serving/offer-inputs.server.ts, app/offers/engine/engine.ts),
// for a shopper the merchant describes (anonymous, new or returning; tags). No visitor id: the
// preview is never in the holdout group and has no frequency-cap history.
import { selectOffers } from "../engine/engine";
import {
  SURFACES,
  type CatalogProduct,
  type CustomerFacts,
  type Offer,
  type OfferResult,
  type Surface,
} from "../engine/types";
import { loadOfferInputs } from "./offer-inputs.server";

export interface PreviewRequest {
  productId?: bigint;
  variantId?: bigint;
  cart: { variantId: bigint; quantity: number }[];
  customer: "anonymous" | "new" | "returning";
  customerTags: string[];
  now: Date;
}

export interface PreviewOffer extends Offer {
  title: string;
  variantTitle: string;
  price: number | null;
  replacesTitle?: string;
}

export interface SurfacePreview {
  surface: Surface;
  /** Why the surface was not evaluated (no product for the product page, an empty cart for the rest). */
  skipped?: string;
  offers: PreviewOffer[];
  trace: OfferResult["trace"];
  /** Titles of every product the trace names. */
  titles: Record<string, string>;
  cartSubtotal: number;
}

const CART_SURFACES: Surface[] = SURFACES.filter((surface) => surface !== "product");

function customerFacts(request: PreviewRequest): CustomerFacts | undefined {
  if (request.customer === "anonymous") return request.customerTags.length ? { tags: request.customerTags } : undefined;
  return { returning: request.customer === "returning", tags: request.customerTags };
}

function variantOf(catalog: Map<string, CatalogProduct>, productId: string, variantId: string) {
  return catalog.get(productId)?.variants.find((variant) => variant.id === variantId);
}

function describe(
  result: OfferResult,
  catalogList: CatalogProduct[],
  surface: Surface,
  subtotal: number,
): SurfacePreview {
  const catalog = new Map(catalogList.map((product) => [product.id, product]));
  const titles = Object.fromEntries(catalogList.map((product) => [product.id, product.title]));
  const offers = result.offers.map((offer): PreviewOffer => {
    const item = offer.products[0];
    const variant = variantOf(catalog, item.productId, item.variantId);
    return {
      ...offer,
      title: titles[item.productId] ?? `#${item.productId}`,
      variantTitle: variant?.title ?? "",
      price: variant?.price ?? null,
      ...(offer.replaces ? { replacesTitle: titles[offer.replaces.productId] ?? `#${offer.replaces.productId}` } : {}),
    };
  });
  return { surface, offers, trace: result.trace, titles, cartSubtotal: subtotal };
}

/** Every surface's offers and trace for the described shopper, or null for a shop that is not installed. */
export async function previewOffers(shop: string, request: PreviewRequest): Promise<SurfacePreview[] | null> {
  const customer = customerFacts(request);
  const run = async (surfaces: Surface[], productId: bigint | undefined): Promise<SurfacePreview[] | null> => {
    const inputs = await loadOfferInputs(shop, {
      surface: surfaces[0],
      ...(productId ? { productId } : {}),
      ...(productId && request.variantId ? { variantId: request.variantId } : {}),
      cart: request.cart,
      now: request.now,
    });
    if (!inputs) return null;
    const context = { ...inputs.context, ...(customer ? { customer } : {}) };
    const catalog = new Map(inputs.catalog.map((product) => [product.id, product]));
    const subtotal = context.cart.reduce(
      (sum, line) => sum + (variantOf(catalog, line.productId, line.variantId)?.price ?? 0) * line.quantity,
      0,
    );
    return surfaces.map((surface) =>
      describe(selectOffers({ ...inputs, context: { ...context, surface } }), inputs.catalog, surface, subtotal),
    );
  };
  const skipped = (surface: Surface, reason: string): SurfacePreview => ({
    surface,
    skipped: reason,
    offers: [],
    trace: { rules: [], removed: [] },
    titles: {},
    cartSubtotal: 0,
  });

  const [productPage, cartPages] = await Promise.all([
    request.productId
      ? run(["product"], request.productId)
      : Promise.resolve([skipped("product", "Choose a product to preview its product page.")]),
    request.cart.length > 0
      ? run(CART_SURFACES, undefined)
      : Promise.resolve(
          CART_SURFACES.map((surface) => skipped(surface, "Add products to the cart to preview this surface.")),
        ),
  ]);
  if (!productPage || !cartPages) return null;
  return [...productPage, ...cartPages];
}
