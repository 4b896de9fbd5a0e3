// Turns the rows of an orders bulk operation (orders, each followed by its line items with
// `__parentId`) into whole orders, streaming: only one order is held at a time.
import type { BulkLineItemRow, BulkOrderRow } from "../graphql/bulk-orders";
import type { JsonlRow } from "./jsonl.server";

export interface GroupedOrder {
  order: BulkOrderRow;
  lines: BulkLineItemRow[];
  /** Line number of the order's own row: resuming from it replays the whole order. */
  firstIndex: number;
  /** Line number of the order's last row. */
  lastIndex: number;
}

const isLineItem = (value: unknown): value is BulkLineItemRow =>
  typeof value === "object" && value !== null && "__parentId" in value;

export async function* groupBulkOrders(rows: AsyncIterable<JsonlRow>): AsyncGenerator<GroupedOrder> {
  let current: GroupedOrder | null = null;
  for await (const { index, value } of rows) {
    if (isLineItem(value)) {
      // Shopify writes children right after their parent; a stray child (a parent before the
      // resume point) cannot be placed and is skipped.
      if (current && value.__parentId === current.order.id) {
        current.lines.push(value);
        current.lastIndex = index;
      }
      continue;
    }
    if (current) yield current;
    current = { order: value as BulkOrderRow, lines: [], firstIndex: index, lastIndex: index };
  }
  if (current) yield current;
}
