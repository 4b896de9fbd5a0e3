// Order ingestion: the ingest-order job merges an order's pending webhook deliveries into its stored
// row and lines (app/models/order-merge.ts says how), and in the same transaction moves the pair
// statistics by the difference between the order's old and new contribution. Any delivery order,
// any number of repeats, converges on the same rows and the same statistics.
import type { Order, OrderLine, Prisma, PrismaClient } from "@prisma/client";
import defaultPrisma from "../db.server";
import { enqueue } from "../jobs/queue.server";
import {
  contributionDelta,
  contributionOf,
  decayWeight,
  isEmptyDelta,
  type Contribution,
  type CountsDelta,
} from "../recommender/basket-delta";
import { orderInboxEvent, type OrderInboxEvent, type OrderVersion, type RefundRecord } from "../webhooks/order-schemas";
import { NEIGHBORS_REFRESH_DELAY_MS } from "./neighbors.server";
import {
  PLACEHOLDER_VERSION,
  basketOf,
  isFullyRefunded,
  isNewer,
  newest,
  orderCounts,
  refundedByLine,
} from "./order-merge";
import { applyCountsDelta } from "./pair-stats.server";
import { scheduleUpsellEmail } from "./upsell-email.server";
import { statsParams, type StatsParams, type Tx } from "./stats-store.server";
import { beginIngest, takeInbox } from "./webhook-inbox.server";

export type OrderInboxTopic = "orders/create" | "orders/updated" | "orders/cancelled" | "orders/delete" | "refunds/create";

export interface IngestOrderResult {
  /** "applied": the order row changed; "unchanged": nothing new; "waiting": refunds kept for an order not seen yet. */
  status: "applied" | "unchanged" | "waiting" | "nothing-pending" | "shop-gone";
  counted?: boolean;
  delta?: CountsDelta;
}

/** Money as Prisma takes it: a decimal string from a payload, a Decimal from a stored row. */
type Money = string | Prisma.Decimal;

type OrderFields = Pick<
  Order,
  "name" | "customerId" | "visitorId" | "currencyCode" | "financialStatus" | "test" | "processedAt" | "cancelledAt" | "sourceUpdatedAt" | "sourceHash"
> & { subtotalPrice: Money; totalPrice: Money; totalDiscounts: Money };

type LineFields = Pick<
  OrderLine,
  "id" | "productId" | "variantId" | "quantity" | "refundedQuantity" | "offerId" | "offerSurface" | "offerKind"
> & { price: Money; totalDiscount: Money };

function fieldsFromVersion(version: OrderVersion): OrderFields {
  return {
    name: version.name,
    customerId: version.customerId === null ? null : BigInt(version.customerId),
    visitorId: version.visitorId,
    currencyCode: version.currency,
    subtotalPrice: version.subtotalPrice,
    totalPrice: version.totalPrice,
    totalDiscounts: version.totalDiscounts,
    financialStatus: version.financialStatus,
    test: version.test,
    processedAt: new Date(version.processedAt),
    cancelledAt: version.cancelledAt === null ? null : new Date(version.cancelledAt),
    sourceUpdatedAt: new Date(version.updatedAt),
    sourceHash: version.hash,
  };
}

/** A tombstone that arrived before any version of its order. */
const PLACEHOLDER_FIELDS: OrderFields = {
  name: "",
  customerId: null,
  visitorId: null,
  currencyCode: "",
  subtotalPrice: "0",
  totalPrice: "0",
  totalDiscounts: "0",
  financialStatus: null,
  test: false,
  processedAt: new Date(0),
  cancelledAt: null,
  sourceUpdatedAt: PLACEHOLDER_VERSION.updatedAt,
  sourceHash: PLACEHOLDER_VERSION.hash,
};

function linesFromVersion(version: OrderVersion): LineFields[] {
  return version.lines.map((line) => ({
    id: BigInt(line.id),
    productId: line.productId === null ? null : BigInt(line.productId),
    variantId: line.variantId === null ? null : BigInt(line.variantId),
    quantity: line.quantity,
    refundedQuantity: 0,
    price: line.price,
    totalDiscount: line.totalDiscount,
    offerId: line.offerId,
    offerSurface: line.offerSurface,
    offerKind: line.offerKind,
  }));
}

/** What the order adds to the statistics under the stored parameters (null: nothing). */
export function orderContribution(
  order: { counted: boolean; processedAt: Date },
  lines: readonly { productId: bigint | null; quantity: number; refundedQuantity: number }[],
  params: StatsParams,
): Contribution | null {
  if (!order.counted) return null;
  return contributionOf(basketOf(lines), decayWeight(order.processedAt.getTime(), params.anchorMs, params.halfLifeDays), params.maxBasketSize);
}

function parseEvents(rows: { id: bigint; payload: unknown }[]): OrderInboxEvent[] {
  return rows.flatMap((row) => {
    const parsed = orderInboxEvent.safeParse(row.payload);
    if (parsed.success) return [parsed.data];
    // We wrote it; a row that no longer parses is a bug. Dropped (logged) so the order is not stuck.
    console.error(`webhook_inbox row ${row.id} is not an order event: ${parsed.error.message}`);
    return [];
  });
}

/**
 * The ingest-order job: applies every pending delivery of one order. Idempotent, and the result
 * does not depend on the order deliveries arrive or are processed in.
 */
export async function ingestOrder(shop: string, orderId: bigint, db: PrismaClient = defaultPrisma): Promise<IngestOrderResult> {
  return db.$transaction(
    async (tx) => {
      await beginIngest(tx, shop, "order", orderId, { stats: true });
      const rows = await takeInbox(tx, shop, "order", orderId);
      if (rows.length === 0) return { status: "nothing-pending" };
      const shopRow = await tx.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
      if (!shopRow || shopRow.uninstalledAt) return { status: "shop-gone" };

      const events = parseEvents(rows);
      const versions = events.flatMap((event) => (event.kind === "version" ? [event.version] : []));
      const refunds: RefundRecord[] = [
        ...versions.flatMap((version) => version.refunds),
        ...events.flatMap((event) => (event.kind === "refund" ? [event.refund] : [])),
      ];
      const deleted = events.some((event) => event.kind === "delete");

      if (refunds.length > 0) {
        await tx.orderRefund.createMany({
          data: refunds.map((refund) => ({ shop, id: BigInt(refund.id), orderId: BigInt(refund.orderId), lines: refund.lines })),
          skipDuplicates: true,
        });
      }

      const current = await tx.order.findUnique({
        where: { shop_id: { shop, id: orderId } },
        include: { lines: { orderBy: { id: "asc" } } },
      });
      const latest = newest(versions);
      const takeVersion = latest !== null && isNewer(latest, current && { updatedAt: current.sourceUpdatedAt, hash: current.sourceHash });
      if (!current && !takeVersion && !deleted) return { status: "waiting" };

      const fields: OrderFields = takeVersion ? fieldsFromVersion(latest!) : (current ?? PLACEHOLDER_FIELDS);
      const storedRefunds = await tx.orderRefund.findMany({ where: { shop, orderId }, select: { id: true, lines: true } });
      const refunded = refundedByLine(storedRefunds.map((refund) => ({ lines: refund.lines as { lineItemId: string; quantity: number }[] })));
      const lines: LineFields[] = (takeVersion ? linesFromVersion(latest!) : (current?.lines ?? [])).map((line) => ({
        ...line,
        refundedQuantity: Math.min(line.quantity, refunded.get(String(line.id)) ?? 0),
      }));
      const deletedAt = current?.deletedAt ?? (deleted ? new Date() : null);
      const fullyRefunded = isFullyRefunded(fields.financialStatus, lines);
      const counted = orderCounts({ test: fields.test, cancelledAt: fields.cancelledAt, deletedAt, fullyRefunded });

      const linesChanged =
        takeVersion ||
        !current ||
        current.lines.length !== lines.length ||
        current.lines.some((line, i) => line.refundedQuantity !== lines[i].refundedQuantity);
      const rowChanged =
        linesChanged ||
        !current ||
        (current.deletedAt === null) !== (deletedAt === null) ||
        current.fullyRefunded !== fullyRefunded ||
        current.counted !== counted;
      if (!rowChanged) return { status: "unchanged", counted };

      const row = {
        name: fields.name,
        customerId: fields.customerId,
        visitorId: fields.visitorId,
        currencyCode: fields.currencyCode,
        subtotalPrice: fields.subtotalPrice,
        totalPrice: fields.totalPrice,
        totalDiscounts: fields.totalDiscounts,
        financialStatus: fields.financialStatus,
        test: fields.test,
        processedAt: fields.processedAt,
        cancelledAt: fields.cancelledAt,
        sourceUpdatedAt: fields.sourceUpdatedAt,
        sourceHash: fields.sourceHash,
        deletedAt,
        fullyRefunded,
        counted,
      };
      await tx.order.upsert({ where: { shop_id: { shop, id: orderId } }, create: { shop, id: orderId, ...row }, update: row });
      if (linesChanged) {
        await tx.orderLine.deleteMany({ where: { shop, orderId } });
        if (lines.length > 0) await tx.orderLine.createMany({ data: lines.map((line) => ({ shop, orderId, ...line })) });
      }

      // The first real version of an order schedules its post-purchase email (once per order: the
      // email outbox is unique per order; the send job re-checks cancellation and refunds).
      const firstVersion = takeVersion && (!current || current.sourceHash === PLACEHOLDER_VERSION.hash);
      if (firstVersion && !fields.test && deletedAt === null) {
        await scheduleUpsellEmail(tx, shop, orderId, fields.customerId, fields.processedAt);
      }

      const params = await statsParams(tx, shop);
      const before = current ? orderContribution(current, current.lines, params) : null;
      const after = orderContribution({ counted, processedAt: fields.processedAt }, lines, params);
      const delta = contributionDelta(before, after);
      if (!isEmptyDelta(delta)) {
        await applyCountsDelta(tx, shop, delta);
        await scheduleNeighborRefresh(tx, shop);
      }
      return { status: "applied", counted, delta };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** One refresh of the shop's neighbour lists shortly after a change; changes in between share it. */
export async function scheduleNeighborRefresh(tx: Tx, shop: string): Promise<void> {
  await enqueue(
    "refresh-neighbors",
    { shop },
    { jobKey: `refresh-neighbors:${shop}`, jobKeyMode: "preserve_run_at", runAt: new Date(Date.now() + NEIGHBORS_REFRESH_DELAY_MS) },
    tx,
  );
}
