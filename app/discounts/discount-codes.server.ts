// Single-use personal discount codes (post-purchase email, thank-you page), created through the
// Admin API. Codes are derived from what they are for (HMAC with the app secret: unguessable, and
// the same on every retry), so creating one twice finds Shopify's "already taken" and reuses it:
// a retried job or a reloaded page never leaves a second code behind.
import { createHmac } from "node:crypto";
import { env } from "../env.server";
import { DISCOUNT_CODE_BASIC_CREATE_MUTATION, type DiscountCodeBasicInput } from "../shopify/graphql/discounts";
import { AdminApiError, adminQuery, mutationPayload, type AdminGraphqlClient } from "../shopify/admin-api.server";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "PW-" and 10 characters of base32 (no I, L, O, U: easy to read out), from an HMAC of `purpose`. */
export function personalDiscountCode(purpose: string, secret = env().SHOPIFY_API_SECRET): string {
  const digest = createHmac("sha256", secret).update(`discount-code|${purpose}`).digest();
  let code = "";
  for (let i = 0; i < 10; i++) code += CROCKFORD[digest[i] % 32];
  return `PW-${code}`;
}

export interface PersonalDiscountRequest {
  code: string;
  title: string;
  /** Only this customer may use it; anyone (still once) when null. */
  customerId: bigint | null;
  /** The products it applies to; every product when empty. */
  productIds: readonly (bigint | string)[];
  value: { type: "percentage"; value: number } | { type: "fixed_amount"; value: number };
  startsAt: Date;
  endsAt: Date;
}

const productGid = (id: bigint | string) =>
  String(id).startsWith("gid://") ? String(id) : `gid://shopify/Product/${id}`;

export function discountCodeInput(request: PersonalDiscountRequest): DiscountCodeBasicInput {
  return {
    title: request.title,
    code: request.code,
    startsAt: request.startsAt.toISOString(),
    endsAt: request.endsAt.toISOString(),
    context:
      request.customerId === null
        ? { all: "ALL" }
        : { customers: { add: [`gid://shopify/Customer/${request.customerId}`] } },
    customerGets: {
      value:
        request.value.type === "percentage"
          ? { percentage: Math.round(request.value.value * 100) / 10_000 }
          : { discountAmount: { amount: request.value.value.toFixed(2), appliesOnEachItem: false } },
      items:
        request.productIds.length === 0
          ? { all: true }
          : { products: { productsToAdd: request.productIds.map(productGid) } },
    },
    usageLimit: 1,
    appliesOncePerCustomer: true,
    // A thank-you gift: it stacks with shipping offers, not with other product or order discounts.
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  };
}

/**
 * Creates the code, or finds that it exists already (same purpose, earlier attempt). Throws
 * AdminApiError on any other user error or API failure, so the caller can retry.
 */
export async function createPersonalDiscountCode(
  admin: AdminGraphqlClient,
  request: PersonalDiscountRequest,
): Promise<{ code: string; created: boolean }> {
  const data = await adminQuery(admin, DISCOUNT_CODE_BASIC_CREATE_MUTATION, {
    basicCodeDiscount: discountCodeInput(request),
  });
  const { codeDiscountNode, userErrors } = mutationPayload(data, "discountCodeBasicCreate");
  if (userErrors.length === 1 && userErrors[0].code === "TAKEN" && userErrors[0].field?.at(-1) === "code") {
    return { code: request.code, created: false };
  }
  if (userErrors.length > 0 || !codeDiscountNode) {
    throw new AdminApiError(
      `discountCodeBasicCreate: ${userErrors.map((e) => `${e.field?.join(".") ?? ""} ${e.message}`).join("; ")}`,
      userErrors,
    );
  }
  return { code: codeDiscountNode.codeDiscount.codes.nodes[0]?.code ?? request.code, created: true };
}
