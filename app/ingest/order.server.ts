// Order ingestion: the ingest-order job merges an order's pending deliveries into its row and lines
// (order-merge.ts) and, in the same transaction, moves the pair statistics by the difference.
// Any delivery order, any number of repeats, converges on the same rows and the same statistics.
// Over 400 lines on purpose (#14): the merge, its write and the statistics move are one transaction.
import type { Order, OrderLine, Prisma } from "@prisma/client";
import type pg from "pg";
import { defineStatement, sql, type Db } from "../db/statements.server";
import { inSqlTransaction } from "../db/sql-tx.server";
import { enqueue } from "../jobs/queue.server";
import {
  contributionDelta,
  contributionOf,
  decayWeight,
  isEmptyDelta,
  type Contribution,
  type CountsDelta,
} from "../recommender/core/basket-delta";
import { orderInboxEvent, type OrderInboxEvent, type OrderVersion, type RefundRecord } from "./webhooks/order-schemas";
import { NEIGHBOURS_REFRESH_DELAY_MS } from "../recommender/store/neighbours.server";
import {
  PLACEHOLDER_VERSION,
  basketOf,
  isFullyRefunded,
  isNewer,
  newest,
  orderCounts,
  refundedByLine,
} from "./order-merge";
import { applyCountsDelta } from "../recommender/store/pair-stats.server";
import { scheduleUpsellEmail } from "../email/upsell-email.server";
import { statsParams, type StatsParams } from "../recommender/store/pair-storage.server";
import { beginIngest, takeInbox } from "./webhook-inbox.server";

export type OrderInboxTopic =
  "orders/create" | "orders/updated" | "orders/cancelled" | "orders/delete" | "refunds/create";

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
  | "name"
  | "customerId"
  | "visitorId"
  | "currencyCode"
  | "financialStatus"
  | "test"
  | "processedAt"
  | "cancelledAt"
  | "sourceUpdatedAt"
  | "sourceHash"
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
    refundedQuantity: line.removedQuantity,
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
  return contributionOf(
    basketOf(lines),
    decayWeight(order.processedAt.getTime(), params.anchorMs, params.halfLifeDays),
    params.maxBasketSize,
  );
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
 * does not depend on the order deliveries arrive or are processed in. Runs its statements on the
 * plain `pg` pool (app/db/sql-tx.server.ts): it is the hottest write path, and Prisma's interactive
 * transaction cost more than its SQL (docs/benchmarks.md (b); decision 011).
 */
export async function ingestOrder(shop: string, orderId: bigint, pool?: pg.Pool): Promise<IngestOrderResult> {
  return inSqlTransaction(
    "BEGIN",
    async (tx) => {
      await beginIngest(tx, shop, "order", orderId, { stats: true });
      const rows = await takeInbox(tx, shop, "order", orderId);
      if (rows.length === 0) return { status: "nothing-pending" };
      const [shopRow] = await sql.query(tx, SHOP_UNINSTALLED_AT, [shop]);
      if (!shopRow || shopRow.uninstalled_at) return { status: "shop-gone" };

      const events = parseEvents(rows);
      const versions = events.flatMap((event) => (event.kind === "version" ? [event.version] : []));
      const refunds: RefundRecord[] = [
        ...versions.flatMap((version) => version.refunds),
        ...events.flatMap((event) => (event.kind === "refund" ? [event.refund] : [])),
      ];
      const deleted = events.some((event) => event.kind === "delete");

      if (refunds.length > 0) await insertRefunds(tx, shop, refunds);

      const current = await readOrder(tx, shop, orderId);
      const latest = newest(versions);
      const takeVersion =
        latest !== null && isNewer(latest, current && { updatedAt: current.sourceUpdatedAt, hash: current.sourceHash });
      if (!current && !takeVersion && !deleted) return { status: "waiting" };

      let fields: OrderFields = takeVersion ? fieldsFromVersion(latest!) : (current ?? PLACEHOLDER_FIELDS);
      if (takeVersion && fields.customerId !== null && (await isRedactedCustomer(tx, shop, fields.customerId))) {
        // A version delivered after customers/redact: stored unlinked, like the orders the redaction unlinked.
        fields = { ...fields, customerId: null, visitorId: null };
      }
      const storedRefunds = await sql.query(tx, STORED_REFUNDS, [shop, orderId]);
      const refunded = refundedByLine(storedRefunds);
      // A line's units gone = the larger of its refunds' sum and what the line already records as gone
      // (a version's own count of refunded and removed units, or the stored line's earlier result):
      // refunds only accumulate, so the larger of the two is never counted twice.
      const lines: LineFields[] = (takeVersion ? linesFromVersion(latest!) : (current?.lines ?? [])).map((line) => ({
        ...line,
        refundedQuantity: Math.min(line.quantity, Math.max(refunded.get(String(line.id)) ?? 0, line.refundedQuantity)),
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

      await writeOrder(tx, shop, orderId, { ...fields, deletedAt, fullyRefunded, counted });
      if (linesChanged) await replaceLines(tx, shop, orderId, lines);

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
        await scheduleNeighbourRefresh(tx, shop);
      }
      return { status: "applied", counted, delta };
    },
    pool,
  );
}

// ---------------------------------------------------------------------------------------------
// The order's rows, in SQL (the job's transaction is a `pg` one).

const SHOP_UNINSTALLED_AT = defineStatement<{ uninstalled_at: Date | null }>(
  "pairwise-ingest-order-shop",
  `SELECT uninstalled_at FROM shops WHERE shop = $1`,
  { columns: ["uninstalled_at"] },
);

const STORED_REFUNDS = defineStatement<{ lines: { lineItemId: string; quantity: number }[] }>(
  "pairwise-ingest-order-refunds",
  `SELECT lines FROM order_refunds WHERE shop = $1 AND order_id = $2`,
  { columns: ["lines"] },
);

interface OrderRow {
  name: string;
  customer_id: bigint | null;
  visitor_id: string | null;
  currency_code: string;
  subtotal_price: string;
  total_price: string;
  total_discounts: string;
  financial_status: string | null;
  test: boolean;
  processed_at: Date;
  cancelled_at: Date | null;
  source_updated_at: Date;
  source_hash: string;
  deleted_at: Date | null;
  fully_refunded: boolean;
  counted: boolean;
  lines: {
    id: string;
    product_id: string | null;
    variant_id: string | null;
    quantity: number;
    refunded_quantity: number;
    price: string;
    total_discount: string;
    offer_id: string | null;
    offer_surface: string | null;
    offer_kind: string | null;
  }[];
}

const READ_ORDER = defineStatement<OrderRow>(
  "pairwise-ingest-order-read",
  `SELECT o.name, o.customer_id, o.visitor_id, o.currency_code, o.subtotal_price::text, o.total_price::text,
          o.total_discounts::text, o.financial_status, o.test, o.processed_at, o.cancelled_at, o.source_updated_at,
          o.source_hash, o.deleted_at, o.fully_refunded, o.counted,
          coalesce((SELECT json_agg(json_build_object('id', l.id::text, 'product_id', l.product_id::text, 'variant_id', l.variant_id::text,
                      'quantity', l.quantity, 'refunded_quantity', l.refunded_quantity, 'price', l.price::text,
                      'total_discount', l.total_discount::text, 'offer_id', l.offer_id, 'offer_surface', l.offer_surface,
                      'offer_kind', l.offer_kind) ORDER BY l.id)
                    FROM order_lines l WHERE l.shop = o.shop AND l.order_id = o.id), '[]') AS lines
   FROM orders o WHERE o.shop = $1 AND o.id = $2`,
  {
    columns: [
      "name",
      "customer_id",
      "visitor_id",
      "currency_code",
      "subtotal_price",
      "total_price",
      "total_discounts",
      "financial_status",
      "test",
      "processed_at",
      "cancelled_at",
      "source_updated_at",
      "source_hash",
      "deleted_at",
      "fully_refunded",
      "counted",
      "lines",
    ],
  },
);

const WRITE_ORDER = defineStatement(
  "pairwise-ingest-order-write",
  `INSERT INTO orders AS o (shop, id, name, customer_id, visitor_id, currency_code, subtotal_price, total_price, total_discounts,
                            financial_status, test, processed_at, cancelled_at, source_updated_at, source_hash, deleted_at,
                            fully_refunded, counted)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
   ON CONFLICT (shop, id) DO UPDATE SET name = EXCLUDED.name, customer_id = EXCLUDED.customer_id, visitor_id = EXCLUDED.visitor_id,
     currency_code = EXCLUDED.currency_code, subtotal_price = EXCLUDED.subtotal_price, total_price = EXCLUDED.total_price,
     total_discounts = EXCLUDED.total_discounts, financial_status = EXCLUDED.financial_status, test = EXCLUDED.test,
     processed_at = EXCLUDED.processed_at, cancelled_at = EXCLUDED.cancelled_at, source_updated_at = EXCLUDED.source_updated_at,
     source_hash = EXCLUDED.source_hash, deleted_at = EXCLUDED.deleted_at, fully_refunded = EXCLUDED.fully_refunded,
     counted = EXCLUDED.counted`,
);

const DELETE_LINES = defineStatement(
  "pairwise-ingest-order-delete-lines",
  `DELETE FROM order_lines WHERE shop = $1 AND order_id = $2`,
);

const INSERT_LINES = defineStatement(
  "pairwise-ingest-order-insert-lines",
  `INSERT INTO order_lines (shop, order_id, id, product_id, variant_id, quantity, refunded_quantity, price, total_discount,
                            offer_id, offer_surface, offer_kind)
   SELECT $1, $2, l.id, l.product_id, l.variant_id, l.quantity, l.refunded_quantity, l.price, l.total_discount,
          l.offer_id, l.offer_surface, l.offer_kind
   FROM jsonb_to_recordset($3::jsonb) AS l(id bigint, product_id bigint, variant_id bigint, quantity int, refunded_quantity int,
                                           price numeric, total_discount numeric, offer_id text, offer_surface text, offer_kind text)`,
);

const IS_REDACTED = defineStatement<{ redacted: number }>(
  "pairwise-ingest-order-redacted",
  `SELECT 1 AS redacted FROM redacted_customers WHERE shop = $1 AND customer_id = $2`,
  { columns: ["redacted"] },
);

/** Refunds are a union by id: a repeated one changes nothing. */
const INSERT_REFUNDS = defineStatement(
  "pairwise-ingest-order-insert-refunds",
  `INSERT INTO order_refunds (shop, id, order_id, lines)
   SELECT $1, r.id, r.order_id, r.lines FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, order_id bigint, lines jsonb)
   ON CONFLICT DO NOTHING`,
);

type StoredOrder = OrderFields & Pick<Order, "deletedAt" | "fullyRefunded" | "counted"> & { lines: LineFields[] };

async function readOrder(tx: pg.ClientBase, shop: string, orderId: bigint): Promise<StoredOrder | null> {
  const [order] = await sql.query(tx, READ_ORDER, [shop, orderId]);
  if (!order) return null;
  return {
    name: order.name,
    customerId: order.customer_id,
    visitorId: order.visitor_id,
    currencyCode: order.currency_code,
    subtotalPrice: order.subtotal_price,
    totalPrice: order.total_price,
    totalDiscounts: order.total_discounts,
    financialStatus: order.financial_status,
    test: order.test,
    processedAt: order.processed_at,
    cancelledAt: order.cancelled_at,
    sourceUpdatedAt: order.source_updated_at,
    sourceHash: order.source_hash,
    deletedAt: order.deleted_at,
    fullyRefunded: order.fully_refunded,
    counted: order.counted,
    lines: order.lines.map((line) => ({
      id: BigInt(line.id),
      productId: line.product_id === null ? null : BigInt(line.product_id),
      variantId: line.variant_id === null ? null : BigInt(line.variant_id),
      quantity: line.quantity,
      refundedQuantity: line.refunded_quantity,
      price: line.price,
      totalDiscount: line.total_discount,
      offerId: line.offer_id,
      offerSurface: line.offer_surface,
      offerKind: line.offer_kind,
    })),
  };
}

async function writeOrder(
  tx: pg.ClientBase,
  shop: string,
  orderId: bigint,
  row: OrderFields & Pick<Order, "deletedAt" | "fullyRefunded" | "counted">,
): Promise<void> {
  await sql.execute(tx, WRITE_ORDER, [
    shop,
    orderId,
    row.name,
    row.customerId,
    row.visitorId,
    row.currencyCode,
    String(row.subtotalPrice),
    String(row.totalPrice),
    String(row.totalDiscounts),
    row.financialStatus,
    row.test,
    row.processedAt,
    row.cancelledAt,
    row.sourceUpdatedAt,
    row.sourceHash,
    row.deletedAt,
    row.fullyRefunded,
    row.counted,
  ]);
}

async function replaceLines(
  tx: pg.ClientBase,
  shop: string,
  orderId: bigint,
  lines: readonly LineFields[],
): Promise<void> {
  await sql.execute(tx, DELETE_LINES, [shop, orderId]);
  if (lines.length === 0) return;
  await sql.execute(tx, INSERT_LINES, [
    shop,
    orderId,
    JSON.stringify(
      lines.map((line) => ({
        id: String(line.id),
        product_id: line.productId === null ? null : String(line.productId),
        variant_id: line.variantId === null ? null : String(line.variantId),
        quantity: line.quantity,
        refunded_quantity: line.refundedQuantity,
        price: String(line.price),
        total_discount: String(line.totalDiscount),
        offer_id: line.offerId,
        offer_surface: line.offerSurface,
        offer_kind: line.offerKind,
      })),
    ),
  ]);
}

async function isRedactedCustomer(tx: pg.ClientBase, shop: string, customerId: bigint): Promise<boolean> {
  const rows = await sql.query(tx, IS_REDACTED, [shop, customerId]);
  return rows.length > 0;
}

async function insertRefunds(tx: pg.ClientBase, shop: string, refunds: readonly RefundRecord[]): Promise<void> {
  await sql.execute(tx, INSERT_REFUNDS, [
    shop,
    JSON.stringify(
      refunds.map((refund) => ({ id: String(refund.id), order_id: String(refund.orderId), lines: refund.lines })),
    ),
  ]);
}

/** One refresh of the shop's neighbour lists shortly after a change; changes in between share it. */
export async function scheduleNeighbourRefresh(db: Db, shop: string): Promise<void> {
  await enqueue(
    "refresh-neighbours",
    { shop },
    {
      jobKey: `refresh-neighbours:${shop}`,
      jobKeyMode: "preserve_run_at",
      runAt: new Date(Date.now() + NEIGHBOURS_REFRESH_DELAY_MS),
    },
    db,
  );
}
