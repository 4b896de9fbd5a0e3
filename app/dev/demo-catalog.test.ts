import { describe, expect, it } from "vitest";
import {
  DEMO_COLLECTIONS,
  DEMO_COMPLEMENT_GROUPS,
  DEMO_PRODUCTS,
  demoOrders,
  demoProductByHandle,
  type DemoOrder,
} from "./demo-catalog";

const NOW = new Date("2026-11-23T12:00:00Z");
const DAY_MS = 86_400_000;

/** Orders containing each product and each unordered pair of products. */
function cooccurrence(orders: readonly DemoOrder[]) {
  const single = new Map<bigint, number>();
  const pairs = new Map<string, number>();
  for (const order of orders) {
    const ids = [...new Set(order.lines.map((line) => line.productId))];
    for (const id of ids) single.set(id, (single.get(id) ?? 0) + 1);
    for (const a of ids) for (const b of ids) if (a < b) pairs.set(`${a}:${b}`, (pairs.get(`${a}:${b}`) ?? 0) + 1);
  }
  /** Observed together / expected together if bought independently. */
  const lift = (a: bigint, b: bigint) => {
    const together = pairs.get(a < b ? `${a}:${b}` : `${b}:${a}`) ?? 0;
    return (together * orders.length) / ((single.get(a) ?? 0) * (single.get(b) ?? 0));
  };
  return { single, lift };
}

describe("demo catalog", () => {
  it("has ~36 products with 1–4 variants, unique Shopify-sized ids and handles", () => {
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(30);
    expect(DEMO_PRODUCTS.length).toBeLessThanOrEqual(40);
    const productIds = DEMO_PRODUCTS.map((product) => product.id);
    const variantIds = DEMO_PRODUCTS.flatMap((product) => product.variants.map((variant) => variant.id));
    expect(new Set(productIds).size).toBe(productIds.length);
    expect(new Set(variantIds).size).toBe(variantIds.length);
    expect(new Set(DEMO_PRODUCTS.map((product) => product.handle)).size).toBe(DEMO_PRODUCTS.length);
    for (const id of productIds) expect(String(id)).toMatch(/^8\d{12}$/);
    for (const id of variantIds) expect(String(id)).toMatch(/^45\d{12}$/);
    for (const collection of DEMO_COLLECTIONS) expect(String(collection.id)).toMatch(/^6\d{11}$/);

    const variantCounts = new Set(DEMO_PRODUCTS.map((product) => product.variants.length));
    expect(variantCounts.has(1)).toBe(true);
    expect(Math.min(...variantCounts)).toBe(1);
    expect(Math.max(...variantCounts)).toBeLessThanOrEqual(4);
    expect([...variantCounts].some((count) => count >= 3)).toBe(true);
  });

  it("gives every variant a decimal price and every product known collections", () => {
    const collectionIds = new Set(DEMO_COLLECTIONS.map((collection) => collection.id));
    for (const product of DEMO_PRODUCTS) {
      expect(product.collectionIds.length).toBeGreaterThan(0);
      for (const id of product.collectionIds) expect(collectionIds.has(id)).toBe(true);
      product.variants.forEach((variant, index) => {
        expect(variant.productId).toBe(product.id);
        expect(variant.position).toBe(index + 1);
        expect(variant.price).toMatch(/^\d+\.\d{2}$/);
        if (variant.compareAtPrice !== null)
          expect(Number(variant.compareAtPrice)).toBeGreaterThan(Number(variant.price));
      });
      if (product.variants.length === 1 && product.variants[0].options[0].name === "Title") {
        expect(product.variants[0].title).toBe("Default Title");
      }
    }
  });

  it("has sold-out variants (not available, no stock) and in-stock ones", () => {
    const variants = DEMO_PRODUCTS.flatMap((product) => product.variants);
    const soldOut = variants.filter((variant) => !variant.available);
    expect(soldOut.length).toBeGreaterThanOrEqual(3);
    for (const variant of soldOut) expect(variant.inventoryQuantity).toBe(0);
    for (const variant of variants.filter((v) => v.available)) expect(variant.inventoryQuantity).toBeGreaterThan(0);
  });

  it("has premium versions priced above the items they upgrade", () => {
    const upgrades: Array<[string, string]> = [
      ["tamper", "tamper-pro"],
      ["milk-jug", "milk-jug-pro"],
      ["burr-grinder", "burr-grinder-pro"],
      ["gooseneck-kettle", "gooseneck-kettle-pro"],
      ["house-espresso-blend", "reserve-espresso-blend"],
    ];
    for (const [base, premium] of upgrades) {
      const basePrice = Number(demoProductByHandle(base).variants[0].price);
      const premiumPrice = Number(demoProductByHandle(premium).variants[0].price);
      expect(premiumPrice).toBeGreaterThan(basePrice);
      expect(demoProductByHandle(premium).productType).toBe(demoProductByHandle(base).productType);
    }
  });
});

describe("demoOrders", () => {
  const orders = demoOrders({ seed: 1, now: NOW });

  it("is deterministic for a seed and differs across seeds", () => {
    expect(demoOrders({ seed: 42, count: 300, now: NOW })).toEqual(demoOrders({ seed: 42, count: 300, now: NOW }));
    expect(demoOrders({ seed: 43, count: 300, now: NOW })).not.toEqual(demoOrders({ seed: 42, count: 300, now: NOW }));
  });

  it("makes 3000 orders by default over the last 90 days, ids increasing with time", () => {
    expect(orders).toHaveLength(3000);
    for (let i = 0; i < orders.length; i++) {
      const order = orders[i];
      expect(order.processedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(order.processedAt.getTime()).toBeGreaterThan(NOW.getTime() - 90 * DAY_MS);
      if (i > 0) {
        expect(order.id).toBeGreaterThan(orders[i - 1].id);
        expect(order.processedAt.getTime()).toBeGreaterThanOrEqual(orders[i - 1].processedAt.getTime());
      }
    }
    expect(orders[0].id).toBe(5_000_000_000_001n);
  });

  it("has unique order and line ids in Shopify's ranges", () => {
    const lineIds = orders.flatMap((order) => order.lines.map((line) => line.id));
    expect(new Set(orders.map((order) => order.id)).size).toBe(orders.length);
    expect(new Set(lineIds).size).toBe(lineIds.length);
    expect(Math.min(...lineIds.map(Number))).toBe(13_000_000_000_001);
  });

  it("builds baskets of 1–6 distinct products priced from their variants", () => {
    const variantById = new Map(
      DEMO_PRODUCTS.flatMap((product) => product.variants.map((variant) => [variant.id, variant])),
    );
    const sizes = new Set<number>();
    for (const order of orders) {
      const products = new Set(order.lines.map((line) => line.productId));
      expect(products.size).toBe(order.lines.length);
      sizes.add(order.lines.length);
      let subtotalCents = 0;
      for (const line of order.lines) {
        const variant = variantById.get(line.variantId);
        expect(variant?.productId).toBe(line.productId);
        expect(line.price).toBe(variant?.price);
        expect(line.quantity).toBeGreaterThanOrEqual(1);
        subtotalCents += Math.round(Number(line.price) * 100) * line.quantity;
      }
      expect(order.subtotalPrice).toBe((subtotalCents / 100).toFixed(2));
      expect(Number(order.totalPrice)).toBeGreaterThanOrEqual(Number(order.subtotalPrice));
      expect(order.currencyCode).toBe("USD");
    }
    expect([...sizes].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(orders.some((order) => order.lines.some((line) => line.quantity > 1))).toBe(true);
  });

  it("has a few test and cancelled orders and ~60% with an anonymous customer id", () => {
    const tests = orders.filter((order) => order.test);
    const cancelled = orders.filter((order) => order.cancelledAt !== null);
    expect(tests.length).toBeGreaterThan(5);
    expect(tests.length).toBeLessThan(100);
    expect(cancelled.length).toBeGreaterThan(5);
    expect(cancelled.length).toBeLessThan(150);
    for (const order of cancelled) {
      expect(order.cancelledAt!.getTime()).toBeGreaterThanOrEqual(order.processedAt.getTime());
      expect(order.cancelledAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    const withCustomer = orders.filter((order) => order.customerId !== null);
    expect(withCustomer.length / orders.length).toBeGreaterThan(0.55);
    expect(withCustomer.length / orders.length).toBeLessThan(0.65);
    for (const order of withCustomer) expect(order.customerId!).toBeGreaterThanOrEqual(7_000_000_000_001n);
    // Repeat buyers exist (follow-up emails and frequency caps need them).
    expect(new Set(withCustomer.map((order) => order.customerId)).size).toBeLessThan(withCustomer.length);
  });

  it("plants complements that co-occur far more often than chance, and bestsellers that do not", () => {
    const { single, lift } = cooccurrence(orders.filter((order) => !order.test && order.cancelledAt === null));
    const key = (a: string, b: string) => [a, b].sort().join("+");
    const planted = new Set<string>();
    const related = new Set<string>();
    for (const group of DEMO_COMPLEMENT_GROUPS) {
      const members = [...group.anchors, ...group.complements.map((complement) => complement.handle)];
      for (const a of members) for (const b of members) if (a !== b) related.add(key(a, b));
      for (const anchor of group.anchors) for (const { handle } of group.complements) planted.add(key(anchor, handle));
    }

    const plantedLifts = [...planted].map((pair) => {
      const [a, b] = pair.split("+").map((handle) => demoProductByHandle(handle).id);
      return lift(a, b);
    });
    // Thresholds hold with margin across seeds 1-20. Grinder → beans is the weakest signal on
    // purpose: beans are bestsellers, bought with everything.
    expect(plantedLifts.filter((value) => value > 2).length / plantedLifts.length).toBeGreaterThan(0.8);
    expect(plantedLifts.reduce((sum, value) => sum + value, 0) / plantedLifts.length).toBeGreaterThan(3.5);
    const pairLift = (a: string, b: string) => lift(demoProductByHandle(a).id, demoProductByHandle(b).id);
    expect(pairLift("aria-home-espresso-machine", "tamper")).toBeGreaterThan(3.5);
    expect(pairLift("gooseneck-kettle", "paper-filters")).toBeGreaterThan(2);
    expect(pairLift("burr-grinder", "house-espresso-blend")).toBeGreaterThan(2);

    // Unrelated pairs (with enough orders to measure) co-occur at about chance or less.
    const frequent = DEMO_PRODUCTS.filter((product) => (single.get(product.id) ?? 0) >= 100);
    const unrelatedLifts: number[] = [];
    for (const a of frequent)
      for (const b of frequent)
        if (a.id < b.id && !related.has(key(a.handle, b.handle))) unrelatedLifts.push(lift(a.id, b.id));
    expect(unrelatedLifts.length).toBeGreaterThan(50);
    expect(unrelatedLifts.reduce((sum, value) => sum + value, 0) / unrelatedLifts.length).toBeLessThan(1.2);

    // Bestsellers: beans and filters are in many orders but are nobody's planted anchor.
    const ranked = [...single.entries()].sort((x, y) => y[1] - x[1]);
    const top = ranked.slice(0, 5).map(([id]) => DEMO_PRODUCTS.find((product) => product.id === id)?.productType);
    expect(top).toContain("Coffee Beans");
    expect(ranked[0][1]).toBeGreaterThan(5 * ranked[ranked.length - 1][1]);
  });

  it("carries no personal data: no names, emails, addresses or phones", () => {
    const orderKeys = new Set(orders.flatMap((order) => Object.keys(order)));
    const lineKeys = new Set(orders.flatMap((order) => order.lines.flatMap((line) => Object.keys(line))));
    expect([...orderKeys].sort()).toEqual(
      [
        "cancelledAt",
        "currencyCode",
        "customerId",
        "financialStatus",
        "id",
        "lines",
        "name",
        "processedAt",
        "subtotalPrice",
        "test",
        "totalDiscounts",
        "totalPrice",
      ].sort(),
    );
    expect([...lineKeys].sort()).toEqual(["id", "price", "productId", "quantity", "variantId"]);
    // `name` is Shopify's order number, never a person.
    for (const order of orders) expect(order.name).toMatch(/^#\d+$/);
    const text = JSON.stringify(orders.slice(0, 200), (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    expect(text).not.toMatch(/@|email|address|phone|first_?name|last_?name/i);
  });
});
