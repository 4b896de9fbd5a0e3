// The bundle discount's logic (pure; no I/O): for each configured bundle whose products are ALL in
// the cart, a percentage off the bundle's lines, for as many complete sets as the cart holds.
// Bundles are offered best saving first. When the discount may combine with other product
// discounts (its combinesWith, copied into the config by the app), every complete bundle applies
// on its own lines (ALL: Shopify keeps candidates whose targets do not overlap); otherwise only
// the best one does (FIRST). A malformed config never throws: the cart simply gets no discount.
import {
  DiscountClass,
  ProductDiscountSelectionStrategy,
  type CartLinesDiscountsGenerateRunResult,
  type ProductDiscountCandidate,
  type RunInput,
} from "../generated/api";

interface Bundle {
  productIds: string[];
  percentage: number;
}

interface Config {
  bundles: Bundle[];
  combinesWithProductDiscounts: boolean;
}

const NO_DISCOUNT: CartLinesDiscountsGenerateRunResult = { operations: [] };

function parseConfig(value: unknown): Config | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as { bundles?: unknown; combinesWith?: { productDiscounts?: unknown } };
  if (!Array.isArray(raw.bundles)) return null;
  const bundles: Bundle[] = [];
  for (const entry of raw.bundles) {
    if (typeof entry !== "object" || entry === null) continue;
    const { productIds, percentage } = entry as { productIds?: unknown; percentage?: unknown };
    if (!Array.isArray(productIds) || productIds.length < 2 || !productIds.every((id) => typeof id === "string"))
      continue;
    if (typeof percentage !== "number" || !(percentage > 0 && percentage <= 100)) continue;
    bundles.push({ productIds: [...new Set(productIds as string[])], percentage });
  }
  return { bundles, combinesWithProductDiscounts: raw.combinesWith?.productDiscounts === true };
}

interface Line {
  id: string;
  quantity: number;
  unitPrice: number;
}

function linesByProduct(input: RunInput): Map<string, Line[]> {
  const byProduct = new Map<string, Line[]>();
  for (const line of input.cart.lines) {
    if (line.merchandise.__typename !== "ProductVariant" || line.quantity <= 0) continue;
    const subtotal = Number(line.cost.subtotalAmount.amount);
    const entry = {
      id: line.id,
      quantity: line.quantity,
      unitPrice: Number.isFinite(subtotal) ? subtotal / line.quantity : 0,
    };
    const productId = line.merchandise.product.id;
    byProduct.set(productId, [...(byProduct.get(productId) ?? []), entry]);
  }
  return byProduct;
}

export function run(input: RunInput): CartLinesDiscountsGenerateRunResult {
  if (!input.discount.discountClasses.includes(DiscountClass.Product)) return NO_DISCOUNT;
  const config = parseConfig(input.discount.metafield?.jsonValue);
  if (!config || config.bundles.length === 0) return NO_DISCOUNT;
  const byProduct = linesByProduct(input);

  const candidates: { candidate: ProductDiscountCandidate; saving: number; order: number }[] = [];
  config.bundles.forEach((bundle, order) => {
    const quantities = bundle.productIds.map((id) =>
      (byProduct.get(id) ?? []).reduce((sum, line) => sum + line.quantity, 0),
    );
    const sets = Math.min(...quantities);
    if (sets <= 0) return; // some product of the bundle is missing
    const targets: ProductDiscountCandidate["targets"] = [];
    let saving = 0;
    for (const productId of bundle.productIds) {
      let left = sets;
      for (const line of byProduct.get(productId) ?? []) {
        if (left === 0) break;
        const quantity = Math.min(left, line.quantity);
        left -= quantity;
        targets.push({ cartLine: { id: line.id, quantity } });
        saving += (line.unitPrice * quantity * bundle.percentage) / 100;
      }
    }
    candidates.push({
      candidate: {
        message: `Bundle: ${bundle.percentage}% off`,
        targets,
        value: { percentage: { value: bundle.percentage } },
      },
      saving,
      order,
    });
  });
  if (candidates.length === 0) return NO_DISCOUNT;

  candidates.sort((a, b) => b.saving - a.saving || a.order - b.order);
  return {
    operations: [
      {
        productDiscountsAdd: {
          candidates: candidates.map((entry) => entry.candidate),
          selectionStrategy: config.combinesWithProductDiscounts
            ? ProductDiscountSelectionStrategy.All
            : ProductDiscountSelectionStrategy.First,
        },
      },
    ],
  };
}
