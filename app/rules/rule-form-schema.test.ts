import { describe, expect, it } from "vitest";
import { parseRule } from "./rule-schema";
import { emptyRuleValues, parseRuleForm, type CrossSellValues, type UpgradeValues } from "./rule-form-schema";

const crossSell = (patch: Partial<CrossSellValues> = {}): CrossSellValues => ({
  ...(emptyRuleValues("CROSS_SELL") as CrossSellValues),
  name: "Machines get a tamper",
  trigger: { anyProduct: false, productIds: ["1"], collectionIds: [], tags: [], vendors: [], productTypes: [] },
  offer: { productIds: ["2", "3"] },
  ...patch,
});

const upgrade = (patch: Partial<UpgradeValues> = {}): UpgradeValues => ({
  ...(emptyRuleValues("UPGRADE") as UpgradeValues),
  name: "Go Pro",
  trigger: { productId: "1", variantId: "" },
  offer: { productId: "7", variantId: "" },
  valueText: "Dual boiler",
  maxPriceIncrease: "50",
  ...patch,
});

describe("the rule form schema", () => {
  it("turns a cross-sell form into a row the engine accepts", () => {
    const result = parseRuleForm(
      crossSell({
        priority: "3",
        discount: { type: "percentage", value: "10" },
        conditions: {
          customer: "returning",
          customerTagsAny: ["vip"],
          customerTagsNone: [],
          minSubtotal: "20",
          maxSubtotal: "",
        },
        startsAt: "2026-12-01",
        endsAt: "2026-12-31",
      }),
    );
    if (!result.success) throw new Error(JSON.stringify(result.errors));
    const rule = result.data;
    expect(rule).toMatchObject({
      kind: "CROSS_SELL",
      priority: 3,
      discount: { type: "percentage", value: 10 },
      conditions: { customer: "returning", customerTagsAny: ["vip"], minSubtotal: 20 },
      startsAt: new Date("2026-12-01T00:00:00Z"),
      endsAt: new Date("2027-01-01T00:00:00Z"),
    });
    const parsed = parseRule({ ...rule, id: "r", createdAt: new Date(), maxPriceIncrease: null });
    expect(parsed.ok).toBe(true);
  });

  it("stores no conditions or discount when none are set, and upgrade percentages as shares", () => {
    const result = parseRuleForm(upgrade());
    if (!result.success) throw new Error(JSON.stringify(result.errors));
    expect(result.data).toMatchObject({
      kind: "UPGRADE",
      discount: null,
      conditions: null,
      maxPriceIncrease: 0.5,
      valueText: "Dual boiler",
    });
    expect(result.data.trigger).toEqual({ productId: "1" });
    expect(parseRule({ ...result.data, id: "r", createdAt: new Date() }).ok).toBe(true);
  });

  it.each([
    ["no name", crossSell({ name: " " }), "name"],
    [
      "no trigger",
      crossSell({
        trigger: { anyProduct: false, productIds: [], collectionIds: [], tags: [], vendors: [], productTypes: [] },
      }),
      "trigger",
    ],
    ["nothing offered", crossSell({ offer: { productIds: [] } }), "offer.productIds"],
    ["no surface", crossSell({ surfaces: [] }), "surfaces"],
    ["a 150% discount", crossSell({ discount: { type: "percentage", value: "150" } }), "discount.value"],
    ["a discount without a value", crossSell({ discount: { type: "fixed_amount", value: "" } }), "discount.value"],
    [
      "min above max subtotal",
      crossSell({
        conditions: {
          customer: "any",
          customerTagsAny: [],
          customerTagsNone: [],
          minSubtotal: "50",
          maxSubtotal: "10",
        },
      }),
      "conditions.maxSubtotal",
    ],
    ["letters for a priority", crossSell({ priority: "high" }), "priority"],
    ["an end before the start", crossSell({ startsAt: "2026-12-10", endsAt: "2026-12-01" }), "endsAt"],
    ["an upgrade to itself", upgrade({ offer: { productId: "1", variantId: "" } }), "offer.productId"],
    ["an upgrade without a premium product", upgrade({ offer: { productId: "", variantId: "" } }), "offer.productId"],
    ["a negative price increase", upgrade({ maxPriceIncrease: "-5" }), "maxPriceIncrease"],
  ])("rejects %s with an error on its field", (_label, values, field) => {
    const result = parseRuleForm(values);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(result.errors)).toContain(field);
    expect(result.errors[field]).not.toMatch(/^Invalid|expected/);
  });
});
