// Order and refund webhook payloads (orders/create, orders/updated, orders/cancelled, orders/delete,
// refunds/create), reduced at the boundary to the fields the app uses. No names, emails or
// addresses are read: of the customer only the id is kept. Shopper-controlled metadata (note
// attributes, line item properties) is sanitised, never a reason to reject a delivery.
import { createHash } from "node:crypto";
import { z } from "zod";
import { shopifyIdJson, shopifyIdText } from "../../shopify/ids";

/** A Shopify timestamp ("2026-11-23T10:00:00-05:00"), normalised to ISO UTC. */
export const shopifyTime = z.string().transform((value, ctx) => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    ctx.addIssue({ code: "custom", message: "must be a timestamp" });
    return z.NEVER;
  }
  return new Date(time).toISOString();
});

/** Money as Shopify sends it ("10.00", sometimes a number); kept as a decimal string. */
export const money = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal amount"), z.number().finite()])
  .transform(String);

const nameValue = z.object({ name: z.string(), value: z.unknown() });
// Metadata a shopper can set: a malformed list is ignored rather than failing the order.
const nameValues = z.array(nameValue).nullish().catch(null);

export const VISITOR_ATTRIBUTE = "_pairwise_visitor";
export const OFFER_PROPERTY = "_pairwise_offer";
export const SURFACE_PROPERTY = "_pairwise_surface";
export const KIND_PROPERTY = "_pairwise_kind";

/** Our own attribution values: short tokens; anything else (or a shopper's junk) is dropped. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,127}$/;

function attribute(list: { name: string; value: unknown }[] | null | undefined, name: string): string | null {
  const value = list?.find((entry) => entry.name === name)?.value;
  const text = typeof value === "number" ? String(value) : value;
  return typeof text === "string" && TOKEN.test(text.trim()) ? text.trim() : null;
}

const refundLineItem = z.object({ line_item_id: shopifyIdJson, quantity: z.number().int().nonnegative() });

const refundPayloadShape = {
  id: shopifyIdJson,
  refund_line_items: z.array(refundLineItem).nullish(),
};

const lineItem = z.object({
  id: shopifyIdJson,
  product_id: shopifyIdJson.nullish(),
  variant_id: shopifyIdJson.nullish(),
  quantity: z.number().int().nonnegative(),
  // Units still in the order after refunds and order-edit removals (API 2024-01 and later).
  current_quantity: z.number().int().nonnegative().nullish(),
  price: money,
  total_discount: money.nullish(),
  properties: nameValues,
});

/**
 * Units refunded or removed by an order edit, as the version itself reports them (quantity minus
 * current quantity). Refund records may be missing (a backfilled order has none), so ingestion
 * takes the larger of this and the sum of the refunds it holds.
 */
export function removedUnits(quantity: number, currentQuantity: number | null | undefined): number {
  return currentQuantity === null || currentQuantity === undefined
    ? 0
    : Math.max(0, quantity - Math.min(quantity, currentQuantity));
}

// A type, not an interface: it is stored as JSON (Prisma's JSON input wants an index-signature-compatible type).
export type RefundRecord = {
  id: string;
  orderId: string;
  lines: { lineItemId: string; quantity: number }[];
};

function toRefund(
  orderId: string,
  refund: { id: string; refund_line_items?: z.output<typeof refundLineItem>[] | null },
): RefundRecord {
  return {
    id: refund.id,
    orderId,
    lines: (refund.refund_line_items ?? []).map((line) => ({ lineItemId: line.line_item_id, quantity: line.quantity })),
  };
}

/** orders/create, orders/updated, orders/cancelled: a full order, reduced to an OrderVersion. */
export const orderPayload = z
  .object({
    id: shopifyIdJson,
    name: z.string(),
    created_at: shopifyTime,
    processed_at: shopifyTime.nullish(),
    updated_at: shopifyTime,
    cancelled_at: shopifyTime.nullish(),
    test: z.boolean().nullish(),
    currency: z.string().min(1),
    subtotal_price: money.nullish(),
    total_price: money,
    total_discounts: money.nullish(),
    financial_status: z.string().nullish(),
    customer: z.object({ id: shopifyIdJson }).nullish(),
    note_attributes: nameValues,
    line_items: z.array(lineItem),
    refunds: z.array(z.object(refundPayloadShape)).nullish(),
  })
  .transform((order): OrderVersion => {
    const version: Omit<OrderVersion, "hash"> = {
      id: order.id,
      name: order.name,
      processedAt: order.processed_at ?? order.created_at,
      updatedAt: order.updated_at,
      cancelledAt: order.cancelled_at ?? null,
      test: order.test ?? false,
      currency: order.currency,
      subtotalPrice: order.subtotal_price ?? order.total_price,
      totalPrice: order.total_price,
      totalDiscounts: order.total_discounts ?? "0",
      financialStatus: order.financial_status ?? null,
      customerId: order.customer?.id ?? null,
      visitorId: attribute(order.note_attributes, VISITOR_ATTRIBUTE),
      lines: order.line_items.map((line) => ({
        id: line.id,
        productId: line.product_id ?? null,
        variantId: line.variant_id ?? null,
        quantity: line.quantity,
        removedQuantity: removedUnits(line.quantity, line.current_quantity),
        price: line.price,
        totalDiscount: line.total_discount ?? "0",
        offerId: attribute(line.properties, OFFER_PROPERTY),
        offerSurface: attribute(line.properties, SURFACE_PROPERTY),
        offerKind: attribute(line.properties, KIND_PROPERTY),
      })),
      refunds: (order.refunds ?? []).map((refund) => toRefund(order.id, refund)),
    };
    return { ...version, hash: versionHash(version) };
  });

/** refunds/create. */
export const refundPayload = z
  .object({ ...refundPayloadShape, order_id: shopifyIdJson })
  .transform((refund): RefundRecord => toRefund(refund.order_id, refund));

/** orders/delete: only the id. */
export const orderDeletePayload = z.object({ id: shopifyIdJson });

// ---------------------------------------------------------------------------------------------
// The reduced forms, as the webhook inbox stores them and the ingest job re-validates them.

const idString = shopifyIdText;
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

export const orderVersionSchema = z.object({
  id: idString,
  name: z.string(),
  processedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().nullable(),
  test: z.boolean(),
  currency: z.string(),
  subtotalPrice: decimalString,
  totalPrice: decimalString,
  totalDiscounts: decimalString,
  financialStatus: z.string().nullable(),
  customerId: idString.nullable(),
  visitorId: z.string().nullable(),
  lines: z.array(
    z.object({
      id: idString,
      productId: idString.nullable(),
      variantId: idString.nullable(),
      quantity: z.number().int().nonnegative(),
      // Inbox rows written before this field existed have none.
      removedQuantity: z.number().int().nonnegative().default(0),
      price: decimalString,
      totalDiscount: decimalString,
      offerId: z.string().nullable(),
      offerSurface: z.string().nullable(),
      offerKind: z.string().nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      id: idString,
      orderId: idString,
      lines: z.array(z.object({ lineItemId: idString, quantity: z.number().int().nonnegative() })),
    }),
  ),
  hash: z.string(),
});

export type OrderVersion = z.output<typeof orderVersionSchema>;

export const refundRecordSchema = orderVersionSchema.shape.refunds.element;

/** What an order's inbox row holds, by topic. */
export const orderInboxEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("version"), version: orderVersionSchema }),
  z.object({ kind: z.literal("refund"), refund: refundRecordSchema }),
  z.object({ kind: z.literal("delete") }),
]);

export type OrderInboxEvent = z.output<typeof orderInboxEvent>;

/** A content hash of a reduced version: orders the versions that share an updated_at second. */
export function versionHash(version: unknown): string {
  return createHash("sha256").update(JSON.stringify(version)).digest("hex");
}
