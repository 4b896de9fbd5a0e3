// Customers (email marketing consent) and discounts, stood in. The consent query answers from a
// registry that tests fill per shop (unknown customers are `null`, as in Shopify); the discount
// mutations validate their input the way Shopify does for the fields the app sends, reject a code
// that exists already in the shop (TAKEN), and record what was created so tests can assert it.
import type { CustomerEmailConsentData, CustomerEmailMarketingState } from "../../shopify/graphql/customers";
import type {
  DiscountAutomaticAppCreateData,
  DiscountAutomaticAppInput,
  DiscountCodeBasicCreateData,
  DiscountCodeBasicInput,
  DiscountUserError,
} from "../../shopify/graphql/discounts";

export interface MockCustomer {
  id: bigint;
  email: string | null;
  marketingState: CustomerEmailMarketingState;
}

export type MockDiscount =
  | { shop: string; id: string; kind: "code_basic"; code: string; input: DiscountCodeBasicInput; createdAt: Date }
  | { shop: string; id: string; kind: "automatic_app"; input: DiscountAutomaticAppInput; createdAt: Date };

const customers = new Map<string, Map<bigint, MockCustomer>>();

/** Discounts created through the stand-in, oldest first; shared like `adminApiRequests`. */
export const mockDiscounts: MockDiscount[] = [];

/** Registers (or replaces) a customer of `shop` that the consent query will find. */
export function setMockCustomer(shop: string, customer: MockCustomer): void {
  const forShop = customers.get(shop) ?? new Map<bigint, MockCustomer>();
  forShop.set(customer.id, customer);
  customers.set(shop, forShop);
}

export function clearMockCustomersAndDiscounts(): void {
  customers.clear();
  mockDiscounts.length = 0;
}

export interface CustomersAndDiscountsOptions {
  /** Customers of shops nobody registered (the demo's): by default every id is unknown (null). */
  defaultCustomer?: (shop: string, id: bigint) => MockCustomer | null;
  /** Function handles deployed with the app (shopify.extension.toml `handle` of each function). */
  functionHandles?: readonly string[];
}

const gid = (type: string, id: bigint | number) => `gid://shopify/${type}/${id}`;
const numericId = (value: unknown, type: string): bigint | null => {
  if (typeof value !== "string") return null;
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(value);
  return match ? BigInt(match[1]) : null;
};

function userError(field: string[], code: string, message: string): DiscountUserError {
  return { field, code, message };
}

function validWindow(startsAt: unknown, endsAt: unknown, root: string): DiscountUserError[] {
  const errors: DiscountUserError[] = [];
  const start = typeof startsAt === "string" ? Date.parse(startsAt) : NaN;
  if (Number.isNaN(start)) errors.push(userError([root, "startsAt"], "INVALID", "Starts at is invalid"));
  if (endsAt !== null && endsAt !== undefined) {
    const end = typeof endsAt === "string" ? Date.parse(endsAt) : NaN;
    if (Number.isNaN(end)) errors.push(userError([root, "endsAt"], "INVALID", "Ends at is invalid"));
    else if (!Number.isNaN(start) && end <= start) {
      errors.push(userError([root, "endsAt"], "INVALID_DATE_RANGE", "Ends at needs to be after starts_at"));
    }
  }
  return errors;
}

function combinesWithErrors(value: unknown, root: string): DiscountUserError[] {
  if (value === undefined) return [];
  const ok =
    typeof value === "object" &&
    value !== null &&
    Object.entries(value).every(
      ([key, flag]) =>
        ["orderDiscounts", "productDiscounts", "shippingDiscounts"].includes(key) && typeof flag === "boolean",
    );
  return ok ? [] : [userError([root, "combinesWith"], "INVALID", "Combines with is invalid")];
}

export function createCustomersAndDiscountsStandIn(options: CustomersAndDiscountsOptions = {}) {
  const functionHandles = new Set(options.functionHandles ?? ["bundle-discount"]);
  let nextId = 1_000;

  function customerEmailConsent(shop: string, variables: Record<string, unknown>): CustomerEmailConsentData {
    const id = numericId(variables.id, "Customer");
    const customer = id === null ? null : (customers.get(shop)?.get(id) ?? options.defaultCustomer?.(shop, id) ?? null);
    if (!customer) return { customer: null };
    const redacted = customer.marketingState === "REDACTED";
    return {
      customer: {
        id: gid("Customer", customer.id),
        email: redacted ? null : customer.email,
        emailMarketingConsent:
          customer.email === null
            ? null
            : {
                marketingState: customer.marketingState,
                marketingOptInLevel: customer.marketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
                consentUpdatedAt: "2026-10-01T12:00:00Z",
              },
      },
    };
  }

  function discountCodeBasicCreate(shop: string, variables: Record<string, unknown>): DiscountCodeBasicCreateData {
    const root = "basicCodeDiscount";
    const input = (variables[root] ?? {}) as Partial<DiscountCodeBasicInput> & Record<string, unknown>;
    const errors: DiscountUserError[] = [];
    if (typeof input.title !== "string" || !input.title.trim())
      errors.push(userError([root, "title"], "BLANK", "Title can't be blank"));
    const code = typeof input.code === "string" ? input.code.trim() : "";
    if (!code) errors.push(userError([root, "code"], "BLANK", "Code can't be blank"));
    else if (code.length > 255)
      errors.push(userError([root, "code"], "TOO_LONG", "Code is too long (maximum is 255 characters)"));
    else if (/[\r\n]/.test(code))
      errors.push(userError([root, "code"], "INVALID", "Code cannot contain newline characters."));
    else if (
      mockDiscounts.some(
        (d) => d.shop === shop && d.kind === "code_basic" && d.code.toLowerCase() === code.toLowerCase(),
      )
    ) {
      errors.push(userError([root, "code"], "TAKEN", "Code must be unique. Please try a different code."));
    }
    if (!input.context) errors.push(userError([root, "context"], "BLANK", "Context can't be blank"));
    else if (
      "customers" in input.context &&
      !input.context.customers.add.every((id) => numericId(id, "Customer") !== null)
    ) {
      errors.push(userError([root, "context", "customers", "add"], "INVALID", "Customer ids are invalid"));
    }
    const value = input.customerGets?.value;
    if (!value) errors.push(userError([root, "customerGets", "value"], "BLANK", "Value can't be blank"));
    else if ("percentage" in value && !(value.percentage > 0 && value.percentage <= 1)) {
      errors.push(
        userError(
          [root, "customerGets", "value", "percentage"],
          "VALUE_OUTSIDE_RANGE",
          "Value must be between 0.0 and 1.0",
        ),
      );
    }
    const items = input.customerGets?.items;
    if (
      items &&
      "products" in items &&
      !items.products.productsToAdd.every((id) => numericId(id, "Product") !== null)
    ) {
      errors.push(
        userError([root, "customerGets", "items", "products", "productsToAdd"], "INVALID", "Product ids are invalid"),
      );
    }
    if (
      input.usageLimit !== null &&
      input.usageLimit !== undefined &&
      !(Number.isInteger(input.usageLimit) && input.usageLimit > 0)
    ) {
      errors.push(userError([root, "usageLimit"], "GREATER_THAN", "Usage limit must be greater than 0"));
    }
    errors.push(...validWindow(input.startsAt, input.endsAt, root), ...combinesWithErrors(input.combinesWith, root));
    if (errors.length > 0) return { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: errors } };

    const id = gid("DiscountCodeNode", ++nextId);
    const full = input as DiscountCodeBasicInput;
    mockDiscounts.push({ shop, id, kind: "code_basic", code, input: full, createdAt: new Date() });
    const now = Date.now();
    const status =
      Date.parse(full.startsAt) > now
        ? "SCHEDULED"
        : full.endsAt && Date.parse(full.endsAt) <= now
          ? "EXPIRED"
          : "ACTIVE";
    return {
      discountCodeBasicCreate: {
        codeDiscountNode: {
          id,
          codeDiscount: {
            title: full.title,
            status,
            startsAt: full.startsAt,
            endsAt: full.endsAt ?? null,
            usageLimit: full.usageLimit ?? null,
            appliesOncePerCustomer: full.appliesOncePerCustomer ?? false,
            codes: { nodes: [{ code }] },
          },
        },
        userErrors: [],
      },
    };
  }

  function discountAutomaticAppCreate(
    shop: string,
    variables: Record<string, unknown>,
  ): DiscountAutomaticAppCreateData {
    const root = "automaticAppDiscount";
    const input = (variables[root] ?? {}) as Partial<DiscountAutomaticAppInput> & Record<string, unknown>;
    const errors: DiscountUserError[] = [];
    if (typeof input.title !== "string" || !input.title.trim())
      errors.push(userError([root, "title"], "BLANK", "Title can't be blank"));
    if (typeof input.functionHandle !== "string" || !functionHandles.has(input.functionHandle)) {
      errors.push(
        userError(
          [root, "functionHandle"],
          "INVALID",
          `Function ${String(input.functionHandle)} not found. Ensure that it is released in the current app.`,
        ),
      );
    }
    if (!Array.isArray(input.discountClasses) || input.discountClasses.length === 0) {
      errors.push(userError([root, "discountClasses"], "BLANK", "Discount classes can't be blank"));
    }
    (input.metafields ?? []).forEach((metafield, index) => {
      if (metafield.type !== "json") return;
      try {
        JSON.parse(metafield.value);
      } catch {
        errors.push(userError([root, "metafields", String(index), "value"], "INVALID", "Value is invalid JSON"));
      }
    });
    errors.push(...validWindow(input.startsAt, input.endsAt, root), ...combinesWithErrors(input.combinesWith, root));
    if (errors.length > 0) return { discountAutomaticAppCreate: { automaticAppDiscount: null, userErrors: errors } };

    const full = input as DiscountAutomaticAppInput;
    const id = gid("DiscountAutomaticNode", ++nextId);
    mockDiscounts.push({ shop, id, kind: "automatic_app", input: full, createdAt: new Date() });
    return {
      discountAutomaticAppCreate: {
        automaticAppDiscount: {
          discountId: id,
          title: full.title,
          status: Date.parse(full.startsAt) > Date.now() ? "SCHEDULED" : "ACTIVE",
          startsAt: full.startsAt,
          endsAt: full.endsAt ?? null,
          discountClasses: full.discountClasses,
          combinesWith: {
            orderDiscounts: full.combinesWith?.orderDiscounts ?? false,
            productDiscounts: full.combinesWith?.productDiscounts ?? false,
            shippingDiscounts: full.combinesWith?.shippingDiscounts ?? false,
          },
          appDiscountType: {
            functionId: `0199a1b2-0000-7000-8000-${full.functionHandle.length.toString().padStart(12, "0")}`,
            title: full.functionHandle,
          },
        },
        userErrors: [],
      },
    };
  }

  return { customerEmailConsent, discountCodeBasicCreate, discountAutomaticAppCreate };
}
