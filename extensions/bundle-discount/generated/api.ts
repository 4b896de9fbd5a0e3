// The types `shopify app function typegen` generates from schema.graphql and src/run.graphql,
// reduced to what src/run.ts uses (regenerate with `npm run typegen` in this folder; the shapes
// follow Shopify's Discount Function API, cart.lines.discounts.generate.run).

export type Scalars = {
  ID: string;
  Decimal: string | number;
  JSON: unknown;
};

export enum DiscountClass {
  Order = "ORDER",
  Product = "PRODUCT",
  Shipping = "SHIPPING",
}

export enum ProductDiscountSelectionStrategy {
  /** Apply all discount candidates with non-overlapping targets. */
  All = "ALL",
  /** Only apply the first discount candidate. */
  First = "FIRST",
  /** Only apply the discount candidate that offers the maximum reduction. */
  Maximum = "MAXIMUM",
}

export type RunInput = {
  cart: {
    lines: Array<{
      id: Scalars["ID"];
      quantity: number;
      cost: { subtotalAmount: { amount: Scalars["Decimal"] } };
      merchandise:
        | { __typename: "ProductVariant"; id: Scalars["ID"]; product: { id: Scalars["ID"] } }
        | { __typename: "CustomProduct" };
    }>;
  };
  discount: {
    discountClasses: DiscountClass[];
    metafield?: { jsonValue: Scalars["JSON"] } | null;
  };
};

export type CartLineTarget = { id: Scalars["ID"]; quantity?: number | null };

export type ProductDiscountCandidateValue =
  | { percentage: { value: Scalars["Decimal"] } }
  | { fixedAmount: { amount: Scalars["Decimal"]; appliesToEachItem?: boolean | null } };

export type ProductDiscountCandidate = {
  associatedDiscountCode?: { code: string } | null;
  message?: string | null;
  targets: Array<{ cartLine: CartLineTarget }>;
  value: ProductDiscountCandidateValue;
};

export type CartOperation =
  | { productDiscountsAdd: { candidates: ProductDiscountCandidate[]; selectionStrategy: ProductDiscountSelectionStrategy } }
  | { orderDiscountsAdd: { candidates: unknown[]; selectionStrategy: string } }
  | { enteredDiscountCodesAccept: { codes: Array<{ code: string }> } };

export type CartLinesDiscountsGenerateRunResult = {
  operations: CartOperation[];
};
