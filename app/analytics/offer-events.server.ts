// Offer events (impression, click, add_to_cart, dismiss) from the storefront widgets, and the
// visitor's recent ones that the frequency cap reads. Always scoped by shop; no personal data:
// a random visitor id, offer and product ids, and a time.
import prisma from "../db.server";
import { isHoldout } from "../offers/engine/offer-id";
import type { OfferKind, VisitorEvent } from "../offers/engine/types";

export interface NewOfferEvent {
  type: VisitorEvent["type"];
  surface: string;
  offerId: string;
  offerKind: OfferKind;
  ruleId?: string;
  productId?: bigint;
  offeredProductId?: bigint;
}

/** Records a beacon's events; the holdout flag is derived here, never taken from the client. */
export async function recordOfferEvents(
  shop: string,
  visitorId: string,
  events: readonly NewOfferEvent[],
): Promise<number> {
  const settings = await prisma.shopSettings.findUnique({ where: { shop }, select: { holdoutShare: true } });
  if (!settings) return 0; // not an installed shop: nothing is written
  const holdout = isHoldout(visitorId, settings.holdoutShare);
  const { count } = await prisma.offerEvent.createMany({
    data: events.map((event) => ({
      shop,
      visitorId,
      holdout,
      type: event.type,
      surface: event.surface,
      offerId: event.offerId,
      offerKind: event.offerKind,
      ruleId: event.ruleId ?? null,
      productId: event.productId ?? null,
      offeredProductId: event.offeredProductId ?? null,
    })),
  });
  return count;
}

const FREQUENCY_TYPES = ["impression", "add_to_cart", "dismiss"];

/** The visitor's impressions, accepts and dismissals since `since`, newest first (bounded). */
export async function recentVisitorEvents(shop: string, visitorId: string, since: Date): Promise<VisitorEvent[]> {
  const rows = await prisma.offerEvent.findMany({
    where: { shop, visitorId, occurredAt: { gte: since }, type: { in: FREQUENCY_TYPES } },
    orderBy: { occurredAt: "desc" },
    take: 500,
    select: { type: true, offerId: true, offerKind: true, offeredProductId: true, occurredAt: true },
  });
  return rows.map((row) => ({
    type: row.type as VisitorEvent["type"],
    offerId: row.offerId,
    offerKind: row.offerKind as OfferKind,
    offeredProductId: row.offeredProductId === null ? null : String(row.offeredProductId),
    occurredAt: row.occurredAt,
  }));
}
