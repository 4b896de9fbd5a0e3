// Discounts the app creates: single-use personal codes (post-purchase email, thank-you page) and
// the automatic app discount that runs the bundle Discount Function (extensions/bundle-discount).
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicCreate
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountAutomaticAppCreate
import type { DiscountAutomaticAppCreateMutation, DiscountCodeBasicCreateMutation } from "./types/admin.generated";

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

// The responses as the Admin API stand-in builds them: the generated types with a user error's `code`
// (a DiscountErrorCode, e.g. TAKEN) widened to string, as the stand-in makes codes from plain strings.
// The app itself reads the exact generated types (adminQuery infers them from the document).
type CodePayload = NonNullable<DiscountCodeBasicCreateMutation["discountCodeBasicCreate"]>;
type AppPayload = NonNullable<DiscountAutomaticAppCreateMutation["discountAutomaticAppCreate"]>;
export type DiscountUserError = Omit<CodePayload["userErrors"][number], "code"> & { code: string | null };
export interface DiscountCodeBasicCreateData {
  discountCodeBasicCreate: Omit<CodePayload, "userErrors"> & { userErrors: DiscountUserError[] };
}
export interface DiscountAutomaticAppCreateData {
  discountAutomaticAppCreate: Omit<AppPayload, "userErrors"> & { userErrors: DiscountUserError[] };
}

// The inputs the app sends: narrower than the schema's input types (which adminQuery checks them against).

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

export interface DiscountAutomaticAppInput {
  title: string;
  functionHandle: string;
  startsAt: string;
  endsAt: string | null;
  discountClasses: ("PRODUCT" | "ORDER" | "SHIPPING")[];
  combinesWith: DiscountCombinesWith;
  metafields: { namespace: string; key: string; type: "json"; value: string }[];
}
