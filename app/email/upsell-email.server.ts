// Post-purchase upsell emails (decision 008): one EmailSend row per (shop, order), scheduled in the
// ingest transaction with a job that decides at send time. The row moves SCHEDULED → SENDING → SENT |
// SKIPPED | FAILED under a lock, so a retried job finds a final status and stops; a failing send is
// retried with backoff and FAILED after MAX_SEND_ATTEMPTS, never dropped silently.
import { CUSTOMER_EMAIL_CONSENT_QUERY } from "../shopify/graphql/customers";
import { defineStatement, sql, type Db } from "../db/statements.server";
import { enqueue } from "../jobs/queue.server";
import prisma from "../db.server";
import { renderUpsellEmail, type UpsellEmailModel } from "./render.server";
import { sendEmail, senderAddress } from "./mailer.server";
import { unsubscribeUrl } from "./unsubscribe-token.server";
import { adminClientForShop, adminQuery, type AdminGraphqlClient } from "../shopify/admin-api.server";
import { createPersonalDiscountCode, personalDiscountCode } from "../discounts/discount-codes.server";
import { cartPermalink, displayItems, type DisplayItem } from "../offers/serving/offer-display.server";
import { offersFor } from "../offers/serving/offers.server";

export const SEND_UPSELL_EMAIL_TASK = "send-upsell-email";
/** Attempts before a send is FAILED; graphile-worker's backoff spaces them (exp(attempt) seconds, ~2.5 min in all). */
export const MAX_SEND_ATTEMPTS = 5;
/** An order that should have been emailed more than this long ago is history (a backfill, a very late webhook). */
const STALE_AFTER_MS = 48 * 3_600_000;
/** At most this many products in one email. */
const MAX_ITEMS = 3;
/** How long a personal code stays valid. */
const DISCOUNT_DAYS = 14;

export type SkipReason =
  | "disabled"
  | "uninstalled"
  | "order_missing"
  | "cancelled"
  | "refunded"
  | "no_customer"
  | "unsubscribed"
  | "cap"
  | "no_consent"
  | "holdout"
  | "no_offers";

export type ScheduleResult = "scheduled" | "exists" | "disabled" | "no_customer" | "stale";

const EMAIL_SETTINGS = defineStatement<{ email_enabled: boolean; email_delay_hours: number }>(
  "pairwise-upsell-email-settings",
  `SELECT email_enabled, email_delay_hours FROM shop_settings WHERE shop = $1`,
  { columns: ["email_enabled", "email_delay_hours"] },
);

// One email per order (unique (shop, order_id)). The id is opaque: Prisma makes cuids, SQL a uuid.
const ADD_EMAIL_SEND = defineStatement(
  "pairwise-upsell-email-add",
  `INSERT INTO email_sends (id, shop, order_id, customer_id, scheduled_for)
   VALUES (gen_random_uuid()::text, $1, $2, $3, $4::timestamp)
   ON CONFLICT (shop, order_id) DO NOTHING`,
);

/**
 * Called by the order ingest, inside its transaction, when it first stores an order: creates the
 * order's EmailSend row (nothing when it exists: repeated webhooks, replays) and queues the send job
 * for processedAt + the shop's delay. Nothing is scheduled for shops with emails off, orders without
 * a customer, or orders too old to be a fresh purchase.
 */
export async function scheduleUpsellEmail(
  db: Db,
  shop: string,
  orderId: bigint,
  customerId: bigint | null,
  processedAt: Date,
  now = new Date(),
): Promise<ScheduleResult> {
  if (customerId === null) return "no_customer";
  // Statements: this runs inside the ingest job's `pg` transaction (app/ingest/order.server.ts).
  const [settings] = await sql.query(db, EMAIL_SETTINGS, [shop]);
  if (!settings?.email_enabled) return "disabled";
  const runAt = new Date(processedAt.getTime() + settings.email_delay_hours * 3_600_000);
  if (runAt.getTime() < now.getTime() - STALE_AFTER_MS) return "stale";
  const count = await sql.execute(db, ADD_EMAIL_SEND, [shop, orderId, customerId, runAt.toISOString()]);
  if (count === 0) return "exists";
  await enqueue(
    SEND_UPSELL_EMAIL_TASK,
    { shop, orderId: String(orderId) },
    // One more job attempt than send attempts: the last run records FAILED instead of throwing.
    { runAt, jobKey: `upsell-email:${shop}:${orderId}`, maxAttempts: MAX_SEND_ATTEMPTS + 1 },
    db,
  );
  return "scheduled";
}

interface EmailSendRow {
  id: string;
  status: "SCHEDULED" | "SENDING" | "SENT" | "SKIPPED" | "FAILED";
  customer_id: bigint | null;
  attempts: number;
  message_id: string | null;
  discount_code: string | null;
}

const LOCK_EMAIL_SEND = defineStatement<EmailSendRow>(
  "pairwise-upsell-email-lock",
  `SELECT id, status::text AS status, customer_id, attempts, message_id, discount_code
   FROM email_sends WHERE shop = $1 AND order_id = $2 FOR UPDATE`,
  { columns: ["id", "status", "customer_id", "attempts", "message_id", "discount_code"] },
);

const LOCK_CUSTOMER = defineStatement(
  "pairwise-upsell-email-lock-customer",
  `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
);

type Claim =
  | { kind: "done"; status: string; reason?: string }
  | {
      kind: "claimed";
      row: EmailSendRow & { customer_id: bigint };
      order: { name: string; visitorId: string | null; lines: { variantId: bigint; quantity: number }[] };
      shop: { name: string | null; currencyCode: string; primaryLocale: string };
      discountPercent: number | null;
    };

export type SendOutcome =
  | { status: "SENT"; messageId: string }
  | { status: "SKIPPED"; reason: SkipReason }
  | { status: "FAILED"; error: string }
  | { status: "ALREADY"; current: string };

async function finish(id: string, shop: string, data: Parameters<typeof prisma.emailSend.update>[0]["data"]) {
  await prisma.emailSend.update({ where: { shop_id: { shop, id } }, data });
}

/** Phase 1, one transaction: lock the row, re-check everything the database knows, move to SENDING. */
async function claim(shop: string, orderId: bigint, now: Date): Promise<Claim> {
  return prisma.$transaction(async (tx) => {
    const [row] = await sql.query(tx, LOCK_EMAIL_SEND, [shop, orderId]);
    if (!row) return { kind: "done", status: "GONE" }; // shop erased or customer redacted
    if (row.status === "SENT" || row.status === "SKIPPED" || row.status === "FAILED")
      return { kind: "done", status: row.status };
    if (row.status === "SENDING" && row.message_id) {
      // A previous attempt handed the message to the SMTP server and died before recording the
      // answer: it may have been delivered. Sending again could make two emails; record why instead.
      const lastError = "interrupted after the message was handed to the SMTP server; not resent, to avoid a duplicate";
      await tx.emailSend.update({ where: { shop_id: { shop, id: row.id } }, data: { status: "FAILED", lastError } });
      return { kind: "done", status: "FAILED", reason: lastError };
    }
    const skip = async (reason: SkipReason): Promise<Claim> => {
      await tx.emailSend.update({
        where: { shop_id: { shop, id: row.id } },
        data: { status: "SKIPPED", skipReason: reason },
      });
      return { kind: "done", status: "SKIPPED", reason };
    };
    if (row.customer_id === null) return skip("no_customer");
    const customerId = row.customer_id;
    // One customer's emails are decided one at a time, so two orders cannot both pass the cap.
    await sql.execute(tx, LOCK_CUSTOMER, [`upsell-email:${shop}:${customerId}`]);

    const shopRow = await tx.shop.findUnique({
      where: { shop },
      select: {
        name: true,
        currencyCode: true,
        primaryLocale: true,
        uninstalledAt: true,
        settings: { select: { emailEnabled: true, emailCapDays: true, emailDiscountPercent: true } },
      },
    });
    if (!shopRow || shopRow.uninstalledAt) return skip("uninstalled");
    if (!shopRow.settings?.emailEnabled) return skip("disabled");
    const order = await tx.order.findUnique({
      where: { shop_id: { shop, id: orderId } },
      select: {
        name: true,
        visitorId: true,
        cancelledAt: true,
        deletedAt: true,
        fullyRefunded: true,
        lines: { select: { variantId: true, quantity: true, refundedQuantity: true } },
      },
    });
    if (!order || order.deletedAt) return skip("order_missing");
    if (order.cancelledAt) return skip("cancelled");
    if (order.fullyRefunded || order.lines.some((line) => line.refundedQuantity > 0)) return skip("refunded");
    if (
      await tx.emailSuppression.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { shop: true } })
    ) {
      return skip("unsubscribed");
    }
    const since = new Date(now.getTime() - shopRow.settings.emailCapDays * 86_400_000);
    const recent = await tx.emailSend.count({
      where: {
        shop,
        customerId,
        id: { not: row.id },
        OR: [{ status: "SENT", sentAt: { gte: since } }, { status: "SENDING" }],
      },
    });
    if (recent > 0) return skip("cap");

    await tx.emailSend.update({
      where: { shop_id: { shop, id: row.id } },
      data: { status: "SENDING", attempts: { increment: 1 }, lastError: null, messageId: null },
    });
    return {
      kind: "claimed",
      row: { ...row, customer_id: customerId, attempts: row.attempts + 1 },
      order: {
        name: order.name,
        visitorId: order.visitorId,
        lines: order.lines.flatMap((line) =>
          line.variantId === null ? [] : [{ variantId: line.variantId, quantity: line.quantity }],
        ),
      },
      shop: { name: shopRow.name, currencyCode: shopRow.currencyCode, primaryLocale: shopRow.primaryLocale },
      discountPercent: shopRow.settings.emailDiscountPercent,
    };
  });
}

/** The offers of the email: the engine on surface "email" with the order as the cart (so nothing just bought). */
export async function emailOffers(
  shop: string,
  order: { visitorId: string | null; lines: { variantId: bigint; quantity: number }[] },
  customerId: bigint,
  now: Date,
): Promise<{ holdout: boolean; items: DisplayItem[] }> {
  const found = await offersFor(shop, {
    surface: "email",
    cart: order.lines,
    visitorId: order.visitorId ?? undefined,
    customerId,
    limit: MAX_ITEMS,
    now,
  });
  if (!found) return { holdout: false, items: [] };
  return { holdout: found.result.holdout, items: (await displayItems(shop, found.result.offers)).slice(0, MAX_ITEMS) };
}

/** What the email shows, as stored in EmailSend.offers (the outbox re-renders sent emails from it). */
export interface StoredEmailItem {
  offerId: string;
  kind: DisplayItem["kind"];
  productId: string;
  variantId: string;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  price: number;
}

export function emailModel(input: {
  shopDomain: string;
  shop: { name: string | null; currencyCode: string; primaryLocale: string };
  orderName: string;
  customerId: bigint;
  items: StoredEmailItem[];
  discount: { code: string; percent: number; endsAt: Date } | null;
  unsubscribeUrl?: string;
}): UpsellEmailModel {
  return {
    locale: input.shop.primaryLocale,
    currencyCode: input.shop.currencyCode,
    shopName: input.shop.name ?? input.shopDomain.replace(/\.myshopify\.com$/, ""),
    orderName: input.orderName,
    items: input.items.map((item) => ({
      kind: item.kind,
      title: item.title,
      variantTitle: item.variantTitle,
      imageUrl: item.imageUrl,
      price: item.price,
      url: cartPermalink(input.shopDomain, item.variantId, input.discount?.code),
    })),
    discount: input.discount,
    unsubscribeUrl: input.unsubscribeUrl ?? unsubscribeUrl({ shop: input.shopDomain, customerId: input.customerId }),
  };
}

function messageIdFor(emailSendId: string): string {
  return `<upsell.${emailSendId}@${senderAddress().split("@")[1] ?? "pairwise.invalid"}>`;
}

/**
 * The job: sends the order's email or records why not. Returns what happened; throws (so the job
 * queue retries with backoff) only for a failure that has attempts left.
 */
export async function sendUpsellEmail(
  shop: string,
  orderId: bigint,
  options: { now?: Date; admin?: AdminGraphqlClient } = {},
): Promise<SendOutcome> {
  const now = options.now ?? new Date();
  const claimed = await claim(shop, orderId, now);
  if (claimed.kind === "done") {
    if (claimed.status === "SKIPPED" && claimed.reason)
      return { status: "SKIPPED", reason: claimed.reason as SkipReason };
    if (claimed.status === "FAILED" && claimed.reason) return { status: "FAILED", error: claimed.reason };
    return { status: "ALREADY", current: claimed.status };
  }
  const { row } = claimed;
  const customerId = row.customer_id;
  const skip = async (reason: SkipReason): Promise<SendOutcome> => {
    await finish(row.id, shop, { status: "SKIPPED", skipReason: reason });
    return { status: "SKIPPED", reason };
  };

  let handedToSmtp = false;
  try {
    const admin = options.admin ?? (await adminClientForShop(shop));
    const { customer } = await adminQuery(admin, CUSTOMER_EMAIL_CONSENT_QUERY, {
      id: `gid://shopify/Customer/${customerId}`,
    });
    if (!customer?.email || customer.emailMarketingConsent?.marketingState !== "SUBSCRIBED") return skip("no_consent");

    const offers = await emailOffers(shop, claimed.order, customerId, now);
    if (offers.holdout) return skip("holdout");
    if (offers.items.length === 0) return skip("no_offers");
    const items: StoredEmailItem[] = offers.items.map((item) => ({
      offerId: item.offerId,
      kind: item.kind,
      productId: item.productId,
      variantId: item.variantId,
      title: item.title,
      variantTitle: item.variantTitle,
      imageUrl: item.imageUrl,
      price: item.price,
    }));

    let discount: { code: string; percent: number; endsAt: Date } | null = null;
    if (claimed.discountPercent && claimed.discountPercent > 0) {
      const endsAt = new Date(now.getTime() + DISCOUNT_DAYS * 86_400_000);
      const code = row.discount_code ?? personalDiscountCode(`${shop}|email|${orderId}`);
      await createPersonalDiscountCode(admin, {
        code,
        title: `Pairwise: thank-you offer for order ${claimed.order.name}`,
        customerId,
        productIds: items.map((item) => item.productId),
        value: { type: "percentage", value: claimed.discountPercent },
        startsAt: now,
        endsAt,
      });
      discount = { code, percent: claimed.discountPercent, endsAt };
    }

    const model = emailModel({
      shopDomain: shop,
      shop: claimed.shop,
      orderName: claimed.order.name,
      customerId,
      items,
      discount,
    });
    const rendered = await renderUpsellEmail(model);
    const messageId = messageIdFor(row.id);
    // Recorded before the hand-off: a crash from here on leaves SENDING with a message id, which
    // the next attempt reads as "maybe delivered" (see claim).
    await finish(row.id, shop, {
      toAddress: customer.email,
      subject: rendered.subject,
      offers: items as unknown as object,
      discountCode: discount?.code ?? null,
      messageId,
    });
    handedToSmtp = true;
    await sendEmail({
      fromName: model.shopName,
      to: customer.email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      headers: {
        "List-Unsubscribe": `<${model.unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Pairwise-Order": String(orderId),
      },
    });
    await finish(row.id, shop, { status: "SENT", sentAt: new Date(), lastError: null });
    return { status: "SENT", messageId };
  } catch (error) {
    // The SMTP server answered with an error (or no server): not delivered, so the message id goes.
    const message = `${handedToSmtp ? "SMTP: " : ""}${(error as Error).message}`.slice(0, 1000);
    if (row.attempts >= MAX_SEND_ATTEMPTS) {
      await finish(row.id, shop, { status: "FAILED", lastError: message, messageId: null });
      return { status: "FAILED", error: message };
    }
    await finish(row.id, shop, { status: "SCHEDULED", lastError: message, messageId: null });
    throw error;
  }
}
