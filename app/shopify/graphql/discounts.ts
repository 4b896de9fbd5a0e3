// Discounts the app creates: single-use personal codes (post-purchase email, thank-you page) and
// the automatic app discount that runs the bundle Discount Function (extensions/bundle-discount).
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicCreate
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountAutomaticAppCreate

export const DISCOUNT_CODE_BASIC_CREATE_MUTATION = `#graphql
  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            title
            status
            startsAt
            endsAt
            usageLimit
            appliesOncePerCustomer
            codes(first: 1) { nodes { code } }
          }
        }
      }
      userErrors { field code message }
    }
  }`;

export const DISCOUNT_AUTOMATIC_APP_CREATE_MUTATION = `#graphql
  mutation DiscountAutomaticAppCreate($automaticAppDiscount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $automaticAppDiscount) {
      automaticAppDiscount {
        discountId
        title
        status
        startsAt
        endsAt
        discountClasses
        combinesWith { orderDiscounts productDiscounts shippingDiscounts }
        appDiscountType { functionId title }
      }
      userErrors { field code message }
    }
  }`;

export interface DiscountUserError {
  field: string[] | null;
  /** DiscountErrorCode, e.g. TAKEN for a code that already exists. */
  code: string | null;
  message: string;
}

export interface DiscountCombinesWith {
  orderDiscounts: boolean;
  productDiscounts: boolean;
  shippingDiscounts: boolean;
}

/** Customer gets: a percentage (0..1) or a fixed amount off, on some products or on everything. */
export interface DiscountCodeBasicInput {
  title: string;
  code: string;
  startsAt: string;
  endsAt: string | null;
  context: { all: "ALL" } | { customers: { add: string[] } };
  customerGets: {
    value: { percentage: number } | { discountAmount: { amount: string; appliesOnEachItem: boolean } };
    items: { all: true } | { products: { productsToAdd: string[] } };
  };
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: DiscountCombinesWith;
}

export interface DiscountCodeBasicCreateData {
  discountCodeBasicCreate: {
    codeDiscountNode: {
      id: string;
      codeDiscount: {
        title: string;
        status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
        startsAt: string;
        endsAt: string | null;
        usageLimit: number | null;
        appliesOncePerCustomer: boolean;
        codes: { nodes: { code: string }[] };
      };
    } | null;
    userErrors: DiscountUserError[];
  };
}

export interface DiscountAutomaticAppInput {
  title: string;
  functionHandle: string;
  startsAt: string;
  endsAt: string | null;
  discountClasses: ("PRODUCT" | "ORDER" | "SHIPPING")[];
  combinesWith: DiscountCombinesWith;
  metafields: { namespace: string; key: string; type: "json"; value: string }[];
}

export interface DiscountAutomaticAppCreateData {
  discountAutomaticAppCreate: {
    automaticAppDiscount: {
      discountId: string;
      title: string;
      status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
      startsAt: string;
      endsAt: string | null;
      discountClasses: ("PRODUCT" | "ORDER" | "SHIPPING")[];
      combinesWith: DiscountCombinesWith;
      appDiscountType: { functionId: string; title: string };
    } | null;
    userErrors: DiscountUserError[];
  };
}
