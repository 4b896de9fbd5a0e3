// How an order's stored state follows from whatever deliveries have arrived, in any order, any number
// of times: fields and lines of the greatest (updated_at, content hash), a deletion tombstone never
// cleared, refunds as a union by id (decision 006). Pure: app/ingest/order.server.ts applies it inside
// the ingest job's transaction.
import { MAX_ITEM_ID } from "../recommender/core/types";

export interface VersionKey {
  updatedAt: Date | string;
  hash: string;
}

function millis(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** True when a is strictly newer than b: later updated_at, or the same instant and a greater hash. */
export function isNewer(a: VersionKey, b: VersionKey | null): boolean {
  if (b === null) return true;
  const difference = millis(a.updatedAt) - millis(b.updatedAt);
  return difference > 0 || (difference === 0 && a.hash > b.hash);
}

/** The newest of some versions (null for none). */
export function newest<T extends VersionKey>(versions: readonly T[]): T | null {
  let best: T | null = null;
  for (const version of versions) if (isNewer(version, best)) best = version;
  return best;
}

/** The version key of a row that holds no real version yet (a tombstone that arrived first). */
export const PLACEHOLDER_VERSION = { updatedAt: new Date(0), hash: "" } as const;

export interface RefundLines {
  lines: readonly { lineItemId: string; quantity: number }[];
}

/** Quantity refunded per line item id, summed over the order's refunds. */
export function refundedByLine(refunds: readonly RefundLines[]): Map<string, number> {
  const refunded = new Map<string, number>();
  for (const refund of refunds) {
    for (const line of refund.lines)
      refunded.set(line.lineItemId, (refunded.get(line.lineItemId) ?? 0) + line.quantity);
  }
  return refunded;
}

export interface LineQuantities {
  productId: bigint | null;
  quantity: number;
  refundedQuantity: number;
}

/**
 * Fully refunded: Shopify says so, or every line with a quantity has had all of it refunded
 * (a refund of shipping alone leaves the goods bought).
 */
export function isFullyRefunded(financialStatus: string | null, lines: readonly LineQuantities[]): boolean {
  if (financialStatus === "refunded") return true;
  const bought = lines.filter((line) => line.quantity > 0);
  return bought.length > 0 && bought.every((line) => line.refundedQuantity >= line.quantity);
}

export interface CountingFacts {
  test: boolean;
  cancelledAt: Date | null;
  deletedAt: Date | null;
  fullyRefunded: boolean;
}

/** Whether the order feeds the pair statistics at all. */
export function orderCounts(order: CountingFacts): boolean {
  return !order.test && order.cancelledAt === null && order.deletedAt === null && !order.fullyRefunded;
}

const MAX_ITEM = BigInt(MAX_ITEM_ID);

/**
 * The products the order still holds (a line refunded in full no longer says "bought together"),
 * as recommender items: a product id beyond MAX_ITEM_ID is left out (its line is stored exactly).
 */
export function basketOf(lines: readonly LineQuantities[]): number[] {
  const items: number[] = [];
  for (const line of lines) {
    if (line.productId === null || line.quantity - line.refundedQuantity <= 0 || line.productId > MAX_ITEM) continue;
    items.push(Number(line.productId));
  }
  return items;
}
