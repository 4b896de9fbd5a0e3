import { describe, expect, it } from "vitest";
import { bulkOrderToVersion, groupBulkOrders } from "./bulk-orders";
import type { JsonlRow } from "./jsonl.server";

async function* rowsOf(values: unknown[], start = 0): AsyncGenerator<JsonlRow> {
  for (let i = start; i < values.length; i++) yield { index: i, value: values[i] };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const order = (id: number) => ({ id: `gid://shopify/Order/${id}`, name: `#${id}` });
const line = (id: number, parent: number) => ({
  id: `gid://shopify/LineItem/${id}`,
  __parentId: `gid://shopify/Order/${parent}`,
});

describe("groupBulkOrders", () => {
  const rows = [order(1), line(11, 1), line(12, 1), order(2), order(3), line(31, 3)];

  it("groups each order with the line items that follow it", async () => {
    const grouped = await collect(groupBulkOrders(rowsOf(rows)));
    expect(grouped.map((g) => [g.order.id, g.lines.map((l) => l.id), g.firstIndex, g.lastIndex])).toEqual([
      ["gid://shopify/Order/1", ["gid://shopify/LineItem/11", "gid://shopify/LineItem/12"], 0, 2],
      ["gid://shopify/Order/2", [], 3, 3],
      ["gid://shopify/Order/3", ["gid://shopify/LineItem/31"], 4, 5],
    ]);
  });

  it("resumed at an order's first row, replays exactly the remaining orders", async () => {
    const grouped = await collect(groupBulkOrders(rowsOf(rows, 3)));
    expect(grouped.map((g) => g.order.id)).toEqual(["gid://shopify/Order/2", "gid://shopify/Order/3"]);
  });

  it("skips children whose order came before the resume point", async () => {
    const grouped = await collect(groupBulkOrders(rowsOf(rows, 1)));
    expect(grouped.map((g) => g.order.id)).toEqual(["gid://shopify/Order/2", "gid://shopify/Order/3"]);
  });
});

describe("bulkOrderToVersion", () => {
  const money = (amount: string) => ({ shopMoney: { amount } });
  const bulkLine = (id: number, quantity: number, currentQuantity: number) => ({
    id: `gid://shopify/LineItem/${id}`,
    quantity,
    currentQuantity,
    product: { id: `gid://shopify/Product/${id}` },
    variant: { id: `gid://shopify/ProductVariant/${id}` },
    originalUnitPriceSet: money("10.00"),
    totalDiscountSet: null,
    customAttributes: [],
    __parentId: "gid://shopify/Order/1",
  });
  const bulkOrder = {
    id: "gid://shopify/Order/1",
    name: "#1",
    createdAt: "2026-11-01T10:00:00Z",
    processedAt: "2026-11-01T10:00:00Z",
    updatedAt: "2026-11-02T10:00:00Z",
    cancelledAt: null,
    test: false,
    currencyCode: "USD",
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    customer: null,
    customAttributes: [],
    subtotalPriceSet: money("40.00"),
    totalPriceSet: money("40.00"),
    totalDiscountsSet: null,
  };

  it("reports the units refunds and edits took away (quantity − currentQuantity), having no refund records", () => {
    const version = bulkOrderToVersion({
      order: bulkOrder,
      lines: [bulkLine(11, 3, 1), bulkLine(12, 1, 1), bulkLine(13, 1, 0)],
    });
    expect(version.lines.map((line) => [line.id, line.quantity, line.removedQuantity])).toEqual([
      ["11", 3, 2],
      ["12", 1, 0],
      ["13", 1, 1],
    ]);
    expect(version.refunds).toEqual([]);
    expect(version.financialStatus).toBe("partially_refunded");
  });
});
