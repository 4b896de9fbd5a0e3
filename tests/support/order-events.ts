// Delivers order and product webhook payloads the way the routes do (parse, record the delivery,
// queue the ingest job) without HTTP, for model tests; and reads a shop's statistics back.
import { randomUUID } from "node:crypto";
import prisma from "../../app/db.server";
import { acceptWebhookOnce } from "../../app/ingest/webhook-delivery.server";
import { storedPairCounts } from "../../app/recommender/store/pair-storage.server";
import { queueWebhookEvent } from "../../app/ingest/webhook-inbox.server";
import { orderDeletePayload, orderPayload, refundPayload } from "../../app/ingest/webhooks/order-schemas";
import { productDeletePayload, productPayload } from "../../app/ingest/webhooks/product-schemas";

export type Topic =
  | "orders/create"
  | "orders/updated"
  | "orders/cancelled"
  | "orders/delete"
  | "refunds/create"
  | "products/create"
  | "products/update"
  | "products/delete";

export async function queueDelivery(
  shop: string,
  topic: Topic,
  body: unknown,
  webhookId = randomUUID(),
): Promise<boolean> {
  return acceptWebhookOnce({ shop, topic, webhookId }, async (tx) => {
    switch (topic) {
      case "orders/create":
      case "orders/updated":
      case "orders/cancelled": {
        const version = orderPayload.parse(body);
        return queueWebhookEvent(tx, {
          shop,
          resource: "order",
          resourceId: version.id,
          topic,
          payload: { kind: "version", version },
        });
      }
      case "orders/delete":
        return queueWebhookEvent(tx, {
          shop,
          resource: "order",
          resourceId: orderDeletePayload.parse(body).id,
          topic,
          payload: { kind: "delete" },
        });
      case "refunds/create": {
        const refund = refundPayload.parse(body);
        return queueWebhookEvent(tx, {
          shop,
          resource: "order",
          resourceId: refund.orderId,
          topic,
          payload: { kind: "refund", refund },
        });
      }
      case "products/create":
      case "products/update": {
        const version = productPayload.parse(body);
        return queueWebhookEvent(tx, {
          shop,
          resource: "product",
          resourceId: version.id,
          topic,
          payload: { kind: "version", version },
        });
      }
      case "products/delete":
        return queueWebhookEvent(tx, {
          shop,
          resource: "product",
          resourceId: productDeletePayload.parse(body).id,
          topic,
          payload: { kind: "delete" },
        });
    }
  });
}

export interface StatsSnapshot {
  totalOrders: number;
  products: Map<string, number>;
  pairs: Map<string, number>;
}

export async function statsOf(shop: string): Promise<StatsSnapshot> {
  const [state, products, pairs] = await Promise.all([
    prisma.recommenderState.findUnique({ where: { shop } }),
    prisma.productStat.findMany({ where: { shop }, orderBy: { productId: "asc" } }),
    storedPairCounts(shop), // base + delta layers, merged (docs/decisions/010)
  ]);
  return {
    totalOrders: state?.totalOrders ?? 0,
    products: new Map(products.map((row) => [String(row.productId), row.orderCount])),
    pairs: new Map(Array.from(pairs.a, (a, k) => [`${a}:${pairs.b[k]}`, pairs.together[k]])),
  };
}

/** The two snapshots hold the same keys, and values equal within float rounding. */
export function expectSameStats(
  actual: StatsSnapshot,
  expected: StatsSnapshot,
  expect: (value: unknown) => { toBe: (v: unknown) => void; toEqual: (v: unknown) => void },
) {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  expect(close(actual.totalOrders, expected.totalOrders) ? expected.totalOrders : actual.totalOrders).toBe(
    expected.totalOrders,
  );
  expect([...actual.products.keys()]).toEqual([...expected.products.keys()]);
  expect([...actual.pairs.keys()]).toEqual([...expected.pairs.keys()]);
  for (const [key, value] of actual.products) {
    const other = expected.products.get(key)!;
    expect(close(value, other) ? other : `${key}: ${value}`).toBe(other);
  }
  for (const [key, value] of actual.pairs) {
    const other = expected.pairs.get(key)!;
    expect(close(value, other) ? other : `${key}: ${value}`).toBe(other);
  }
}
