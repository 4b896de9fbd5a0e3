// The admin's outbox of post-purchase emails: every EmailSend of the shop with its status, and a
// rendered preview. A sent (or attempted) email is re-rendered from what was stored when it was
// sent (products, prices, subject, code); a scheduled one is previewed with the offers the engine
// would pick now. Previews never contain a working unsubscribe link or create a discount code.
import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import { renderUpsellEmail, type RenderedEmail } from "./render.server";
import { personalDiscountCode } from "../discounts/discount-codes.server";
import { emailModel, emailOffers, type StoredEmailItem } from "./upsell-email.server";

import type { EmailStatusName } from "./statuses";

export { EMAIL_STATUSES, type EmailStatusName } from "./statuses";

export interface OutboxRow {
  id: string;
  orderId: string;
  orderName: string | null;
  customerId: string | null;
  toAddress: string | null;
  status: EmailStatusName;
  skipReason: string | null;
  scheduledFor: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  subject: string | null;
  discountCode: string | null;
  productTitles: string[];
  createdAt: Date;
}

const storedItem = z.object({
  offerId: z.string(),
  kind: z.enum(["cross_sell", "upgrade"]),
  productId: z.string(),
  variantId: z.string(),
  title: z.string(),
  variantTitle: z.string().nullable(),
  imageUrl: z.string().nullable(),
  price: z.number(),
});

function storedItems(json: unknown): StoredEmailItem[] {
  const parsed = z.array(storedItem).safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** Newest first, `take` at a time; `cursor` is the last id of the previous page. */
export async function listOutbox(
  shop: string,
  options: { status?: EmailStatusName; take?: number; cursor?: string } = {},
): Promise<{ rows: OutboxRow[]; nextCursor: string | null }> {
  const take = Math.min(Math.max(options.take ?? 50, 1), 200);
  const sends = await prisma.emailSend.findMany({
    where: { shop, ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(options.cursor ? { cursor: { shop_id: { shop, id: options.cursor } }, skip: 1 } : {}),
  });
  const page = sends.slice(0, take);
  const orders = await prisma.order.findMany({
    where: { shop, id: { in: page.map((send) => send.orderId) } },
    select: { id: true, name: true },
  });
  const names = new Map(orders.map((order) => [order.id, order.name]));
  return {
    rows: page.map((send) => ({
      id: send.id,
      orderId: String(send.orderId),
      orderName: names.get(send.orderId) ?? null,
      customerId: send.customerId === null ? null : String(send.customerId),
      toAddress: send.toAddress,
      status: send.status,
      skipReason: send.skipReason,
      scheduledFor: send.scheduledFor,
      sentAt: send.sentAt,
      attempts: send.attempts,
      lastError: send.lastError,
      subject: send.subject,
      discountCode: send.discountCode,
      productTitles: storedItems(send.offers).map((item) => item.title),
      createdAt: send.createdAt,
    })),
    nextCursor: sends.length > take ? page[page.length - 1].id : null,
  };
}

/** The email settings the outbox states above its list; null before the shop has settings. */
export async function outboxSettings(shop: string) {
  return prisma.shopSettings.findUnique({
    where: { shop },
    select: { emailEnabled: true, emailDelayHours: true, emailCapDays: true },
  });
}

export interface OutboxPreview extends RenderedEmail {
  /** "stored": what was sent (or attempted); "projected": what the engine would send now. */
  source: "stored" | "projected";
  to: string | null;
}

const DISCOUNT_DAYS = 14;

/** The email of one outbox row, rendered; null when the row is not the shop's or nothing can be shown. */
export async function outboxPreview(shop: string, id: string, now = new Date()): Promise<OutboxPreview | null> {
  const send = await prisma.emailSend.findUnique({ where: { shop_id: { shop, id } } });
  if (!send) return null;
  const [shopRow, order] = await Promise.all([
    prisma.shop.findUnique({
      where: { shop },
      select: {
        name: true,
        currencyCode: true,
        primaryLocale: true,
        settings: { select: { emailDiscountPercent: true } },
      },
    }),
    prisma.order.findUnique({
      where: { shop_id: { shop, id: send.orderId } },
      select: { name: true, visitorId: true, lines: { select: { variantId: true, quantity: true } } },
    }),
  ]);
  if (!shopRow) return null;
  const percent = shopRow.settings?.emailDiscountPercent ?? null;
  const unsubscribePreview = new URL("/email/unsubscribe?token=preview", env().SHOPIFY_APP_URL).toString();

  let items = storedItems(send.offers);
  let source: OutboxPreview["source"] = "stored";
  if (items.length === 0) {
    if (!order || send.customerId === null) return null;
    const lines = order.lines.flatMap((line) =>
      line.variantId === null ? [] : [{ variantId: line.variantId, quantity: line.quantity }],
    );
    const projected = await emailOffers(shop, { visitorId: null, lines }, send.customerId, now);
    items = projected.items;
    source = "projected";
  }
  if (items.length === 0) return null;

  const code =
    send.discountCode ??
    (source === "projected" && percent ? personalDiscountCode(`${shop}|email|${send.orderId}`) : null);
  const discount =
    code && percent
      ? { code, percent, endsAt: new Date((send.sentAt ?? now).getTime() + DISCOUNT_DAYS * 86_400_000) }
      : null;
  const model = emailModel({
    shopDomain: shop,
    shop: shopRow,
    orderName: order?.name ?? `#${send.orderId}`,
    customerId: send.customerId ?? 0n,
    items,
    discount,
    unsubscribeUrl: unsubscribePreview,
  });
  return { ...(await renderUpsellEmail(model)), source, to: send.toAddress };
}
