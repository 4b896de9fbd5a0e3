import { describe, expect, it } from "vitest";
import { isHoldout } from "../offers/engine/offer-id";
import { demoOfferTraffic } from "./demo-offer-traffic";
import { demoOrders } from "./demo-orders";

const NOW = new Date("2026-11-23T12:00:00Z");
const orders = demoOrders({ seed: 1, now: NOW });
const traffic = demoOfferTraffic(orders, { now: NOW, seed: 1 });
const since = NOW.getTime() - 30 * 86_400_000;

describe("demoOfferTraffic", () => {
  it("is deterministic", () => {
    const again = demoOfferTraffic(orders, { now: NOW, seed: 1 });
    expect(again.events).toEqual(traffic.events);
    expect([...again.attributionByLine]).toEqual([...traffic.attributionByLine]);
  });

  it("keeps every event inside the window, in time order", () => {
    expect(traffic.events.length).toBeGreaterThan(1000);
    for (const event of traffic.events) {
      expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(since - 3_600_000);
      expect(event.occurredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    const times = traffic.events.map((event) => event.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("holds out visitors exactly as the storefront does: holdout impressions only, no offer lines", () => {
    const visitors = new Set(traffic.events.map((event) => event.visitorId));
    for (const event of traffic.events) {
      expect(event.holdout).toBe(isHoldout(event.visitorId, 0.1));
      if (event.holdout) expect(event.type).toBe("impression");
    }
    const held = [...visitors].filter((visitor) => isHoldout(visitor, 0.1)).length / visitors.size;
    expect(held).toBeGreaterThan(0.06);
    expect(held).toBeLessThan(0.14);
    for (const order of orders) {
      const visitor = traffic.visitorByOrder.get(order.id);
      if (!visitor || !isHoldout(visitor, 0.1)) continue;
      for (const line of order.lines) expect(traffic.attributionByLine.has(line.id)).toBe(false);
    }
  });

  it("attributes only lines of the offered product, each after the visitor's add-to-cart of that offer", () => {
    const kinds = new Set<string>();
    let attributed = 0;
    for (const order of orders) {
      const visitor = traffic.visitorByOrder.get(order.id);
      for (const line of order.lines) {
        const offer = traffic.attributionByLine.get(line.id);
        if (!offer) continue;
        attributed++;
        kinds.add(offer.kind);
        const added = traffic.events.find(
          (event) => event.offerId === offer.offerId && event.visitorId === visitor && event.type === "add_to_cart",
        );
        expect(added).toBeDefined();
        expect(added!.offeredProductId).toBe(line.productId);
        expect(added!.occurredAt.getTime()).toBeLessThanOrEqual(order.processedAt.getTime());
      }
    }
    expect(attributed).toBeGreaterThan(20);
    expect([...kinds].sort()).toEqual(["cross_sell", "upgrade"]);
  });

  it("leaves test orders and orders before the window without a visitor", () => {
    for (const order of orders) {
      if (order.test || order.processedAt.getTime() < since) expect(traffic.visitorByOrder.has(order.id)).toBe(false);
    }
  });
});
