// Simulated storefront traffic for the demo shop, so the Analytics page has something to show: offer
// events, a holdout group assigned as the storefront assigns it (isHoldout), and offer line properties
// on the demo orders. Pure, deterministic for (orders, seed, now); orders change only in who placed
// them and which lines came from an offer, so the experiment panel shows no planted effect.
import { seededRandom } from "../recommender/core/synthetic-baskets";
import { isHoldout, offerId } from "../offers/engine/offer-id";
import type { OfferKind, Surface, VisitorEvent } from "../offers/engine/types";
import { DEMO_COMPLEMENT_GROUPS, type DemoOrder } from "./demo-orders";
import { DEMO_PRODUCTS, DEMO_SHOP, demoProductByHandle, type DemoProduct } from "./demo-products";

export interface DemoOfferEvent {
  occurredAt: Date;
  type: VisitorEvent["type"];
  surface: Surface;
  offerId: string;
  offerKind: OfferKind;
  productId: bigint;
  offeredProductId: bigint;
  visitorId: string;
  holdout: boolean;
}

export interface DemoLineAttribution {
  offerId: string;
  surface: Surface;
  kind: OfferKind;
}

export interface DemoOfferTraffic {
  events: DemoOfferEvent[];
  /** Visitor of each order in the window (the storefront's `_pairwise_visitor` cart attribute). */
  visitorByOrder: Map<bigint, string>;
  /** Order line id → the offer it came from (`_pairwise_*` line item properties). */
  attributionByLine: Map<bigint, DemoLineAttribution>;
}

export interface DemoOfferTrafficOptions {
  now: Date;
  seed?: number;
  /** Traffic covers this many days before now (default 30: the dashboard's default range). */
  days?: number;
  /** The shop's holdout share (ShopSettings.holdoutShare, default 0.1). */
  holdoutShare?: number;
  /** Visitors who browse without ordering, per order of the window (default 4). */
  browsersPerOrder?: number;
}

interface DemoOffer {
  surface: Surface;
  kind: OfferKind;
  anchor: DemoProduct;
  offered: DemoProduct;
  id: string;
}

const MINUTE_MS = 60_000;
/** Share of the lines an offer could explain that did come from it (the rest were bought anyway). */
const ATTRIBUTED_SHARE = 0.45;

function offerFor(surface: Surface, kind: OfferKind, anchor: DemoProduct, offered: DemoProduct): DemoOffer {
  const variant = offered.variants[0];
  const item = { productId: String(offered.id), variantId: String(variant.id) };
  const replaces =
    kind === "upgrade" ? { productId: String(anchor.id), variantId: String(anchor.variants[0].id) } : undefined;
  return { surface, kind, anchor, offered, id: offerId(DEMO_SHOP, surface, kind, [item], replaces) };
}

/** The offers the demo storefront would plausibly show: planted complements on product pages, "-pro" upgrades in the cart. */
function demoOffers(): DemoOffer[] {
  const offers: DemoOffer[] = [];
  for (const group of DEMO_COMPLEMENT_GROUPS) {
    for (const anchor of group.anchors) {
      for (const complement of group.complements) {
        offers.push(
          offerFor("product", "cross_sell", demoProductByHandle(anchor), demoProductByHandle(complement.handle)),
        );
      }
    }
  }
  const byHandle = new Map(DEMO_PRODUCTS.map((product) => [product.handle, product]));
  for (const premium of DEMO_PRODUCTS) {
    const base = premium.handle.endsWith("-pro") ? byHandle.get(premium.handle.slice(0, -"-pro".length)) : undefined;
    if (base && premium.variants.some((variant) => variant.available))
      offers.push(offerFor("cart", "upgrade", base, premium));
  }
  return offers;
}

export function demoOfferTraffic(orders: readonly DemoOrder[], options: DemoOfferTrafficOptions): DemoOfferTraffic {
  const random = seededRandom(options.seed ?? 11);
  const nowMs = options.now.getTime();
  const since = nowMs - (options.days ?? 30) * 86_400_000;
  const share = options.holdoutShare ?? 0.1;
  const offers = demoOffers();
  const events: DemoOfferEvent[] = [];
  const visitorByOrder = new Map<bigint, string>();
  const attributionByLine = new Map<bigint, DemoLineAttribution>();

  const emit = (offer: DemoOffer, visitorId: string, holdout: boolean, atMs: number, type: VisitorEvent["type"]) =>
    events.push({
      occurredAt: new Date(Math.min(atMs, nowMs)),
      type,
      surface: offer.surface,
      offerId: offer.id,
      offerKind: offer.kind,
      productId: offer.anchor.id,
      offeredProductId: offer.offered.id,
      visitorId,
      holdout,
    });

  /** A visit that ends without the offer being taken: impressions, sometimes a click or a dismissal. */
  const browse = (offer: DemoOffer, visitorId: string, holdout: boolean, atMs: number) => {
    emit(offer, visitorId, holdout, atMs, "impression");
    if (holdout) return;
    const x = random();
    if (x < 0.07) emit(offer, visitorId, holdout, atMs + MINUTE_MS, "click");
    else if (x < 0.1) emit(offer, visitorId, holdout, atMs + MINUTE_MS, "dismiss");
  };

  for (const order of orders) {
    const orderMs = order.processedAt.getTime();
    if (orderMs < since || order.test) continue;
    const visitorId = `demo-${order.id}`;
    visitorByOrder.set(order.id, visitorId);
    const holdout = isHoldout(visitorId, share);
    const products = new Set(order.lines.map((line) => line.productId));
    // Offers this basket's visit would have shown: those anchored on a product of the basket.
    const shown = offers.filter(
      (offer) => products.has(offer.anchor.id) && !(offer.kind === "upgrade" && products.has(offer.offered.id)),
    );
    for (const offer of shown.slice(0, 3)) {
      const atMs = orderMs - (20 + Math.floor(random() * 40)) * MINUTE_MS;
      const taken = !holdout && random() < ATTRIBUTED_SHARE;
      const line = order.lines.find(
        (candidate) => candidate.productId === offer.offered.id && !attributionByLine.has(candidate.id),
      );
      if (offer.kind === "cross_sell" && taken && line) {
        emit(offer, visitorId, holdout, atMs, "impression");
        emit(offer, visitorId, holdout, atMs + MINUTE_MS, "click");
        emit(offer, visitorId, holdout, atMs + 2 * MINUTE_MS, "add_to_cart");
        attributionByLine.set(line.id, { offerId: offer.id, surface: offer.surface, kind: offer.kind });
      } else {
        browse(offer, visitorId, holdout, atMs);
      }
    }
  }
  // Upgrades accepted: a "-pro" line bought from the cart offer. A holdout visitor's cart would have
  // shown the same offer: it gets the holdout impression, so both groups hold the same kind of orders.
  for (const order of orders) {
    const visitorId = visitorByOrder.get(order.id);
    if (!visitorId) continue;
    const holdout = isHoldout(visitorId, share);
    for (const line of order.lines) {
      const offer = offers.find((candidate) => candidate.kind === "upgrade" && candidate.offered.id === line.productId);
      if (!offer || attributionByLine.has(line.id) || random() >= ATTRIBUTED_SHARE) continue;
      const atMs = order.processedAt.getTime() - (5 + Math.floor(random() * 10)) * MINUTE_MS;
      if (holdout) {
        emit(offer, visitorId, true, atMs, "impression");
        continue;
      }
      emit(offer, visitorId, false, atMs, "impression");
      emit(offer, visitorId, false, atMs + MINUTE_MS, "add_to_cart");
      attributionByLine.set(line.id, { offerId: offer.id, surface: offer.surface, kind: offer.kind });
    }
  }
  // Visitors who look and leave.
  const browsers = Math.round(visitorByOrder.size * (options.browsersPerOrder ?? 4));
  for (let index = 0; index < browsers; index++) {
    const visitorId = `demo-browser-${index}`;
    const holdout = isHoldout(visitorId, share);
    const atMs = since + Math.floor(random() * (nowMs - since));
    const visits = 1 + Math.floor(random() * 3);
    for (let visit = 0; visit < visits; visit++) {
      browse(offers[Math.floor(random() * offers.length)], visitorId, holdout, atMs + visit * 3 * MINUTE_MS);
    }
  }
  events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return { events, visitorByOrder, attributionByLine };
}
