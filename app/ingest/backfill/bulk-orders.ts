// Turns the rows of an orders bulk operation (orders, each followed by its line items with
// `__parentId`) into whole orders, streaming: only one order is held at a time.
import type { BulkLineItemRow, BulkOrderRow } from "../../shopify/graphql/bulk-orders";
import { idOfAnyGid } from "../../shopify/ids";
import {
  KIND_PROPERTY,
  OFFER_PROPERTY,
  SURFACE_PROPERTY,
  VISITOR_ATTRIBUTE,
  removedUnits,
  versionHash,
  type OrderVersion,
} from "../webhooks/order-schemas";
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

const numericId = (gid: string) => {
  const id = idOfAnyGid(gid);
  if (id === null) throw new Error(`Not a Shopify GID: ${gid}`);
  return id;
};

const attribute = (pairs: ReadonlyArray<{ key: string; value: string | null }> | undefined, key: string) =>
  pairs?.find((pair) => pair.key === key)?.value ?? null;

/**
 * The same reduced form the order webhooks produce, so history and webhooks merge by one rule
 * (newest updated_at wins). Bulk rows carry no refund records; each line's currentQuantity says how
 * many units refunds and edits took away, which ingestion uses when it holds no refunds for them.
 */
export function bulkOrderToVersion({ order, lines }: Pick<GroupedOrder, "order" | "lines">): OrderVersion {
  const version: Omit<OrderVersion, "hash"> = {
    id: numericId(order.id),
    name: order.name,
    processedAt: new Date(order.processedAt ?? order.createdAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt).toISOString() : null,
    test: order.test,
    currency: order.currencyCode,
    subtotalPrice: (order.subtotalPriceSet ?? order.totalPriceSet).shopMoney.amount,
    totalPrice: order.totalPriceSet.shopMoney.amount,
    totalDiscounts: order.totalDiscountsSet?.shopMoney.amount ?? "0",
    financialStatus: order.displayFinancialStatus?.toLowerCase() ?? null,
    customerId: order.customer ? numericId(order.customer.id) : null,
    visitorId: attribute(order.customAttributes, VISITOR_ATTRIBUTE),
    lines: lines.map((line) => ({
      id: numericId(line.id),
      productId: line.product ? numericId(line.product.id) : null,
      variantId: line.variant ? numericId(line.variant.id) : null,
      quantity: line.quantity,
      removedQuantity: removedUnits(line.quantity, line.currentQuantity),
      price: line.originalUnitPriceSet.shopMoney.amount,
      totalDiscount: line.totalDiscountSet?.shopMoney.amount ?? "0",
      offerId: attribute(line.customAttributes, OFFER_PROPERTY),
      offerSurface: attribute(line.customAttributes, SURFACE_PROPERTY),
      offerKind: attribute(line.customAttributes, KIND_PROPERTY),
    })),
    refunds: [],
  };
  return { ...version, hash: versionHash(version) };
}
