// What the storefront may send through the app proxy, validated at the boundary. Ids are Shopify's
// numeric ids; the visitor id is the widgets' random id (never personal data).
import { z } from "zod";
import { OFFER_KINDS } from "../engine/types";
import { isShopifyIdText, shopifyIdBigInt } from "../../shopify/ids";

const numericId = shopifyIdBigInt;
const QUANTITY = /^\d{1,4}$/;
export const visitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, _ or -");

/** The storefront surfaces served through the proxy (checkout, thank-you and email have their own routes). */
export const STOREFRONT_SURFACES = ["product", "cart", "drawer"] as const;

const MAX_CART_LINES = 50;

/** `cart=variantId:quantity,variantId:quantity` — products are looked up from the variants. */
const cartParam = z
  .string()
  .max(1200)
  .transform((value, ctx) => {
    const entries = value === "" ? [] : value.split(",");
    if (entries.length > MAX_CART_LINES) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_CART_LINES} lines` });
      return z.NEVER;
    }
    const lines: { variantId: bigint; quantity: number }[] = [];
    for (const entry of entries) {
      const colon = entry.indexOf(":");
      const variantId = colon === -1 ? entry : entry.slice(0, colon);
      const quantity = colon === -1 ? "1" : entry.slice(colon + 1);
      if (!isShopifyIdText(variantId) || !QUANTITY.test(quantity)) {
        ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 30)}" is not variantId[:quantity]` });
        return z.NEVER;
      }
      lines.push({ variantId: BigInt(variantId), quantity: Math.max(1, Number(quantity)) });
    }
    return lines;
  });

export const offersQuerySchema = z
  .object({
    // Shopify's own parameters (the signature is verified before this schema runs).
    shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain"),
    // Empty for a visitor who is not logged in.
    logged_in_customer_id: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return undefined;
        if (isShopifyIdText(value)) return BigInt(value);
        ctx.addIssue({ code: "custom", message: "must be a Shopify id" });
        return z.NEVER;
      }),
    surface: z.enum(STOREFRONT_SURFACES),
    product_id: numericId.optional(),
    variant_id: numericId.optional(),
    cart: cartParam.optional(),
    visitor: visitorIdSchema.optional(),
    // Part of the URL so that any cache keys a response by the shopper's market (see decision 007).
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    kind: z.enum(OFFER_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(10).optional(),
    format: z.enum(["liquid", "json"]).default("liquid"),
  })
  .refine((query) => query.surface !== "product" || query.product_id !== undefined, {
    path: ["product_id"],
    message: "is required on the product surface",
  })
  .refine((query) => query.surface === "product" || query.cart !== undefined, {
    path: ["cart"],
    message: "is required on cart surfaces (may be empty)",
  });

export type OffersQuery = z.output<typeof offersQuerySchema>;

export const MAX_EVENTS_PER_BEACON = 20;
/** A beacon of 20 events is ~4 KB; anything larger is not from our widgets. */
export const MAX_EVENTS_BODY_BYTES = 8 * 1024;

export const eventsBodySchema = z
  .object({
    visitor: visitorIdSchema,
    events: z
      .array(
        z
          .object({
            type: z.enum(["impression", "click", "add_to_cart", "dismiss"]),
            surface: z.enum(STOREFRONT_SURFACES),
            offer: z.string().regex(/^pw_[0-9a-f]{16}$/, "must be an offer id"),
            kind: z.enum(OFFER_KINDS),
            rule: z
              .string()
              .regex(/^[A-Za-z0-9_-]{1,40}$/)
              .optional(),
            product: numericId.optional(),
            offered: numericId.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_EVENTS_PER_BEACON),
  })
  .strict();

export type EventsBody = z.output<typeof eventsBodySchema>;

/** What was wrong with a request, field by field, for a 400's body. */
export function invalidRequestText(error: z.ZodError): string {
  return `Invalid request: ${error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`).join("; ")}`;
}

/** A failed parse as a 400 that says which field and why. */
export function badRequest(error: z.ZodError): Response {
  return new Response(invalidRequestText(error), { status: 400, headers: { "Cache-Control": "no-store" } });
}
