// Shopify bulk operations, stood in: bulkOperationRunQuery starts an operation over the shop's
// orders, the first status poll says RUNNING and the next COMPLETED with a URL, and the URL serves
// the JSONL result (orders, each followed by its line items with `__parentId`) as Shopify writes it.
import { http, HttpResponse, type RequestHandler } from "msw";
import type { DemoOrder } from "../demo-catalog";
import type { BulkOperationStatusData, BulkRunQueryData } from "../../shopify/graphql/bulk-orders";

export const BULK_RESULTS_BASE = "https://storage.googleapis.com/pairwise-stand-in";

interface Operation {
  id: string;
  shop: string;
  polls: number;
  query: string;
  jsonl: string;
  objectCount: number;
  rootObjectCount: number;
}

const gid = (type: string, id: bigint) => `gid://shopify/${type}/${id}`;
const money = (amount: string) => ({ shopMoney: { amount } });

/** The JSONL Shopify would write for ordersBulkQuery over these orders. */
export function ordersToJsonl(orders: readonly DemoOrder[]): { jsonl: string; objects: number } {
  const rows: string[] = [];
  for (const order of orders) {
    const orderGid = gid("Order", order.id);
    rows.push(
      JSON.stringify({
        id: orderGid,
        name: order.name,
        createdAt: order.processedAt.toISOString(),
        processedAt: order.processedAt.toISOString(),
        updatedAt: (order.cancelledAt ?? order.processedAt).toISOString(),
        cancelledAt: order.cancelledAt?.toISOString() ?? null,
        test: order.test,
        currencyCode: order.currencyCode,
        displayFinancialStatus: order.financialStatus.toUpperCase(),
        customer: order.customerId === null ? null : { id: gid("Customer", order.customerId) },
        customAttributes: [],
        subtotalPriceSet: money(order.subtotalPrice),
        totalPriceSet: money(order.totalPrice),
        totalDiscountsSet: money(order.totalDiscounts),
      }),
    );
    for (const line of order.lines) {
      rows.push(
        JSON.stringify({
          id: gid("LineItem", line.id),
          quantity: line.quantity,
          currentQuantity: order.financialStatus === "refunded" ? 0 : line.quantity,
          product: { id: gid("Product", line.productId) },
          variant: { id: gid("ProductVariant", line.variantId) },
          originalUnitPriceSet: money(line.price),
          totalDiscountSet: money("0.00"),
          customAttributes: [],
          __parentId: orderGid,
        }),
      );
    }
  }
  return { jsonl: rows.length ? `${rows.join("\n")}\n` : "", objects: rows.length };
}

export function createBulkOperationsStandIn(ordersFor: (shop: string) => readonly DemoOrder[]) {
  const operations = new Map<string, Operation>();
  let next = 0;

  function runQuery(shop: string, variables: Record<string, unknown>): { data: BulkRunQueryData } {
    const running = [...operations.values()].find((op) => op.shop === shop && op.polls < 2);
    if (running) {
      return {
        data: {
          bulkOperationRunQuery: {
            bulkOperation: null,
            userErrors: [
              {
                field: null,
                message: `A bulk query operation for this app and shop is already in progress: ${running.id}.`,
              },
            ],
          },
        },
      };
    }
    const query = String(variables.query ?? "");
    const since = /created_at:>='([^']+)'/.exec(query)?.[1];
    const orders = ordersFor(shop).filter((order) => !since || order.processedAt >= new Date(since));
    const { jsonl, objects } = ordersToJsonl(orders);
    const id = `gid://shopify/BulkOperation/${++next}`;
    operations.set(id, { id, shop, polls: 0, query, jsonl, objectCount: objects, rootObjectCount: orders.length });
    return { data: { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } } };
  }

  function status(shop: string, variables: Record<string, unknown>): { data: BulkOperationStatusData } {
    const operation = operations.get(String(variables.id));
    if (!operation || operation.shop !== shop) return { data: { node: null } };
    operation.polls += 1;
    const done = operation.polls >= 2;
    return {
      data: {
        node: {
          id: operation.id,
          status: done ? "COMPLETED" : "RUNNING",
          errorCode: null,
          objectCount: String(done ? operation.objectCount : Math.floor(operation.objectCount / 2)),
          rootObjectCount: String(done ? operation.rootObjectCount : Math.floor(operation.rootObjectCount / 2)),
          url: done && operation.jsonl ? `${BULK_RESULTS_BASE}/${operation.id.split("/").pop()}.jsonl` : null,
          partialDataUrl: null,
        },
      },
    };
  }

  const download: RequestHandler = http.get(`${BULK_RESULTS_BASE}/:file`, ({ params }) => {
    const id = `gid://shopify/BulkOperation/${String(params.file).replace(/\.jsonl$/, "")}`;
    const operation = operations.get(id);
    if (!operation) return new HttpResponse("NoSuchKey", { status: 404 });
    return new HttpResponse(operation.jsonl, { headers: { "content-type": "application/jsonl" } });
  });

  return { runQuery, status, download };
}
