// Orders, stood in for the order lookup that proves a thank-you page's order (OrderProof). Tests
// register orders per shop; any other id is `null`, as Shopify answers for an order that does not
// exist or belongs to another shop.
import type { OrderProofData } from "../../shopify/graphql/orders";

export interface MockOrder {
  id: bigint;
  processedAt: Date;
  cancelledAt?: Date | null;
  customerId?: bigint | null;
}

const orders = new Map<string, Map<bigint, MockOrder>>();

/** Registers (or replaces) an order of `shop` that the order lookup will find. */
export function setMockOrder(shop: string, order: MockOrder): void {
  const forShop = orders.get(shop) ?? new Map<bigint, MockOrder>();
  forShop.set(order.id, order);
  orders.set(shop, forShop);
}

export function clearMockOrders(): void {
  orders.clear();
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export function orderProof(shop: string, variables: Record<string, unknown>): OrderProofData {
  const match = typeof variables.id === "string" ? /^gid:\/\/shopify\/Order\/(\d+)$/.exec(variables.id) : null;
  const order = match ? orders.get(shop)?.get(BigInt(match[1])) : undefined;
  if (!order) return { order: null };
  return {
    order: {
      id: `gid://shopify/Order/${order.id}`,
      processedAt: iso(order.processedAt),
      cancelledAt: order.cancelledAt ? iso(order.cancelledAt) : null,
      customer: order.customerId ? { id: `gid://shopify/Customer/${order.customerId}` } : null,
    },
  };
}
