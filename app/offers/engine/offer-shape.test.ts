// What an offer carries: a stable tracking id, the reason, and for upgrades the price step.
import { describe, expect, it } from "vitest";
import { selectOffers } from "./engine";
import { hoursAgo, productPage, rule } from "./fixtures.test-helpers";
import { isHoldout } from "./offer-id";

describe("offer ids", () => {
  it("are the same on every request and differ by surface", () => {
    const first = selectOffers(productPage()).offers.map((offer) => offer.offerId);
    const again = selectOffers(productPage()).offers.map((offer) => offer.offerId);
    const drawer = productPage();
    drawer.context = {
      ...drawer.context,
      surface: "drawer",
      productId: undefined,
      cart: [{ productId: "1", variantId: "11", quantity: 1 }],
    };
    const onDrawer = selectOffers(drawer).offers.map((offer) => offer.offerId);
    expect(first).toEqual(again);
    expect(first[0]).toMatch(/^pw_[0-9a-f]{16}$/);
    expect(onDrawer[0]).not.toBe(first[0]);
  });

  it("an event naming the exact offer id caps it", () => {
    const [tamper] = selectOffers(productPage()).offers;
    const input = productPage();
    input.context.recentEvents.push({
      type: "dismiss",
      offerId: tamper.offerId,
      offerKind: "cross_sell",
      offeredProductId: null,
      occurredAt: hoursAgo(1),
    });
    expect(selectOffers(input).offers.map((offer) => offer.offerId)).not.toContain(tamper.offerId);
  });
});

describe("reasons", () => {
  it("explains recommender offers with the pair's statistics and catalog offers with what matched", () => {
    const withHistory = selectOffers(productPage()).offers[0];
    expect(withHistory.reason).toEqual({
      type: "pair",
      explanation: { score: 0.3, together: 10, support: 0.01, confidence: 0.3, lift: 2, source: "history" },
    });
    const input = productPage();
    input.neighbours = [];
    const fromCatalog = selectOffers(input).offers[0];
    expect(fromCatalog.reason).toEqual({
      type: "catalog",
      matched: { collectionIds: ["100"], productType: false, vendor: true, tags: ["espresso"] },
    });
  });

  it("upgrades carry what they replace, the value text, the price step and the rule", () => {
    const input = productPage();
    input.context.kinds = ["upgrade"];
    input.rules.push(
      rule({
        id: "u-pro",
        name: "Go Pro",
        kind: "UPGRADE",
        trigger: { productId: "1" },
        offer: { productId: "7", variantId: "71" },
        valueText: "Dual boiler",
        discount: { type: "percentage", value: 5 },
      }),
    );
    const [offer] = selectOffers(input).offers;
    expect(offer).toMatchObject({
      kind: "upgrade",
      products: [{ productId: "7", variantId: "71" }],
      replaces: { productId: "1", variantId: "11" },
      valueText: "Dual boiler",
      priceDelta: 160,
      discount: { type: "percentage", value: 5 },
      reason: { type: "rule", ruleId: "u-pro", ruleName: "Go Pro" },
    });
  });
});

describe("holdout assignment", () => {
  it("is deterministic per visitor and close to the share over many visitors", () => {
    const visitors = Array.from({ length: 20_000 }, (_, i) => `visitor-${i}`);
    const held = visitors.filter((id) => isHoldout(id, 0.1)).length / visitors.length;
    expect(held).toBeGreaterThan(0.09);
    expect(held).toBeLessThan(0.11);
    expect(visitors.slice(0, 50).map((id) => isHoldout(id, 0.1))).toEqual(
      visitors.slice(0, 50).map((id) => isHoldout(id, 0.1)),
    );
    // Ids that differ only in their last characters still spread (FNV-1a alone put all of these outside).
    const similar = Array.from({ length: 200 }, (_, i) => `visitor-in-${i}`).filter((id) => isHoldout(id, 0.1)).length;
    expect(similar).toBeGreaterThan(8);
    expect(similar).toBeLessThan(35);
    expect(isHoldout(undefined, 1)).toBe(false);
    expect(isHoldout("anyone", 0)).toBe(false);
  });
});
