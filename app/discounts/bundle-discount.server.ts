// The bundle discount: an automatic app discount that runs the Discount Function in
// extensions/bundle-discount (handle "bundle-discount") with its bundles in a metafield the function
// reads ($app:pairwise / bundle-config). A bundle's percentage applies to its lines only when every
// product of the bundle is in the cart (docs/decisions/009).
import { z } from "zod";
import {
  DISCOUNT_AUTOMATIC_APP_CREATE_MUTATION,
  type DiscountAutomaticAppInput,
  type DiscountCombinesWith,
} from "../shopify/graphql/discounts";
import { AdminApiError, adminQuery, mutationPayload, type AdminGraphqlClient } from "../shopify/admin-api.server";
import { idOfGid, isShopifyIdText } from "../shopify/ids";

export const BUNDLE_FUNCTION_HANDLE = "bundle-discount";
/** `$app:` namespaces are owned by the app: merchants and other apps cannot change the config. */
export const BUNDLE_CONFIG_METAFIELD = { namespace: "$app:pairwise", key: "bundle-config" } as const;

const productGid = z.union([z.string(), z.number().int().positive(), z.bigint()]).transform((value, ctx) => {
  const text = String(value);
  const id = isShopifyIdText(text) ? text : idOfGid("Product", text);
  if (id === null) {
    ctx.addIssue({ code: "custom", message: "must be a product id" });
    return z.NEVER;
  }
  return `gid://shopify/Product/${id}`;
});

export const bundleConfigSchema = z.object({
  bundles: z
    .array(
      z.object({
        productIds: z
          .array(productGid)
          .min(2, "a bundle has at least two products")
          .max(10)
          .refine((ids) => new Set(ids).size === ids.length, "a bundle lists each product once"),
        percentage: z.number().gt(0).max(100),
      }),
    )
    .min(1)
    .max(25),
});

export type BundleConfig = z.output<typeof bundleConfigSchema>;

export interface BundleDiscountRequest {
  title: string;
  config: z.input<typeof bundleConfigSchema>;
  startsAt?: Date;
  endsAt?: Date | null;
  /** Which other discounts may apply together with it; Shopify enforces it, not the function. */
  combinesWith?: Partial<DiscountCombinesWith>;
}

export function bundleDiscountInput(request: BundleDiscountRequest, now = new Date()): DiscountAutomaticAppInput {
  const config = bundleConfigSchema.parse(request.config);
  const combinesWith: DiscountCombinesWith = {
    orderDiscounts: request.combinesWith?.orderDiscounts ?? true,
    productDiscounts: request.combinesWith?.productDiscounts ?? false,
    shippingDiscounts: request.combinesWith?.shippingDiscounts ?? true,
  };
  return {
    title: request.title,
    functionHandle: BUNDLE_FUNCTION_HANDLE,
    startsAt: (request.startsAt ?? now).toISOString(),
    endsAt: request.endsAt ? request.endsAt.toISOString() : null,
    discountClasses: ["PRODUCT"],
    combinesWith,
    // The function cannot read the discount's combinesWith, so it gets a copy: with product
    // discounts allowed, disjoint complete bundles each apply; otherwise only the best one.
    metafields: [{ ...BUNDLE_CONFIG_METAFIELD, type: "json", value: JSON.stringify({ ...config, combinesWith }) }],
  };
}

/** Creates the automatic discount; throws a zod error for a bad config, AdminApiError for Shopify's. */
export async function activateBundleDiscount(
  admin: AdminGraphqlClient,
  request: BundleDiscountRequest,
): Promise<{ discountId: string; status: string }> {
  const input = bundleDiscountInput(request);
  const data = await adminQuery(admin, DISCOUNT_AUTOMATIC_APP_CREATE_MUTATION, {
    automaticAppDiscount: input,
  });
  const { automaticAppDiscount, userErrors } = mutationPayload(data, "discountAutomaticAppCreate");
  if (userErrors.length > 0 || !automaticAppDiscount) {
    throw new AdminApiError(
      `discountAutomaticAppCreate: ${userErrors.map((e) => `${e.field?.join(".") ?? ""} ${e.message}`).join("; ")}`,
      userErrors,
    );
  }
  return { discountId: automaticAppDiscount.discountId, status: automaticAppDiscount.status };
}
