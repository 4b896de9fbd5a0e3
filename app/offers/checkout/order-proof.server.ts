// Whether a thank-you page's request proves its order, before a personal discount code is made for
// it: the order exists in this shop (stored from orders/create, or, before that webhook is
// ingested, read from the Admin API, which only sees the shop's own orders), it is recent, not
// cancelled or deleted, and it is the token's customer's when the token names one.
import { z } from "zod";
import prisma from "../../db.server";
import { ORDER_PROOF_QUERY } from "../../shopify/graphql/orders";
import { adminClientForShop, adminQuery } from "../../shopify/admin-api.server";
import { idOfGid } from "../../shopify/ids";

/** A thank-you page follows its order at once; a day leaves room for a late reload. */
export const THANK_YOU_ORDER_MAX_AGE_MS = 24 * 3_600_000;
// Clocks differ a little between Shopify and us.
const CLOCK_SKEW_MS = 5 * 60_000;

export interface OrderFacts {
  customerId: bigint | null;
  processedAt: Date;
  /** Cancelled, or deleted in Shopify. */
  closed: boolean;
}

/** Who asks, from the checkout session token. */
export interface ThankYouRequester {
  /** The token's `sub`, when the buyer is logged in (and the app may read customer accounts). */
  customerId: bigint | null;
}

/** The order as the ingest stored it; null when it is not stored (yet). */
export async function storedOrderFacts(shop: string, orderId: bigint): Promise<OrderFacts | null> {
  const row = await prisma.order.findUnique({
    where: { shop_id: { shop, id: orderId } },
    select: { customerId: true, processedAt: true, cancelledAt: true, deletedAt: true },
  });
  if (!row) return null;
  return {
    customerId: row.customerId,
    processedAt: row.processedAt,
    closed: row.cancelledAt !== null || row.deletedAt !== null,
  };
}

const customerGid = z.string().transform((gid, ctx) => {
  const id = idOfGid("Customer", gid);
  if (id === null) {
    ctx.addIssue({ code: "custom", message: "must be a Customer GID" });
    return z.NEVER;
  }
  return BigInt(id);
});

const orderProofAnswer = z.object({
  order: z
    .object({
      processedAt: z.iso.datetime({ offset: true }),
      cancelledAt: z.iso.datetime({ offset: true }).nullable(),
      customer: z.object({ id: customerGid }).nullable(),
    })
    .nullable(),
});

/** The order as the Admin API sees it; null when the shop has no such order or the lookup failed. */
export async function adminOrderFacts(shop: string, orderId: bigint): Promise<OrderFacts | null> {
  try {
    const admin = await adminClientForShop(shop);
    const data = await adminQuery(admin, ORDER_PROOF_QUERY, { id: `gid://shopify/Order/${orderId}` });
    const { order } = orderProofAnswer.parse(data);
    if (!order) return null;
    return {
      customerId: order.customer?.id ?? null,
      processedAt: new Date(order.processedAt),
      closed: order.cancelledAt !== null,
    };
  } catch (error) {
    console.warn(`order lookup for ${shop}: ${(error as Error).message}`);
    return null;
  }
}

/** True when `order` is one the requester may be rewarded for, now. */
export function orderProvesRequest(
  order: OrderFacts | null,
  requester: ThankYouRequester,
  now: Date,
): order is OrderFacts {
  if (!order || order.closed) return false;
  const age = now.getTime() - order.processedAt.getTime();
  if (age > THANK_YOU_ORDER_MAX_AGE_MS || age < -CLOCK_SKEW_MS) return false;
  return requester.customerId === null || requester.customerId === order.customerId;
}
