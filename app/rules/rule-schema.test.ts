import { describe, expect, it } from "vitest";
import { rule } from "../offers/engine/fixtures.test-helpers";
import { deepFreeze } from "../offers/engine/deep-freeze";
import { parseRule } from "./rule-schema";

describe("parseRule", () => {
  it("accepts each trigger kind with defaults filled in", () => {
    const parsed = parseRule(
      rule({ trigger: { vendors: ["Acme"] }, offer: { productIds: ["2"] }, surfaces: ["product", "drawer"] }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      rule: {
        kind: "cross_sell",
        trigger: { anyProduct: false, vendors: ["Acme"], tags: [] },
        surfaces: ["product", "drawer"],
      },
    });
  });

  it.each([
    ["an empty trigger", { trigger: {}, offer: { productIds: ["2"] } }, /trigger: needs at least one trigger/],
    ["no offered product", { trigger: { anyProduct: true }, offer: { productIds: [] } }, /offer.productIds/],
    [
      "an unknown surface",
      { trigger: { anyProduct: true }, offer: { productIds: ["2"] }, surfaces: ["footer"] },
      /rule.surfaces.0/,
    ],
    [
      "a 150% discount",
      { trigger: { anyProduct: true }, offer: { productIds: ["2"] }, discount: { type: "percentage", value: 150 } },
      /rule.discount.value/,
    ],
    [
      "min above max subtotal",
      { trigger: { anyProduct: true }, offer: { productIds: ["2"] }, conditions: { minSubtotal: 50, maxSubtotal: 10 } },
      /minSubtotal/,
    ],
    [
      "an upgrade without a premium product",
      { kind: "UPGRADE" as const, trigger: { productId: "1" }, offer: {} },
      /offer.productId/,
    ],
    [
      "a product id beyond Postgres bigint",
      { trigger: { productIds: ["9999999999999999999"] }, offer: { productIds: ["2"] } },
      /trigger.productIds.0/,
    ],
  ])("rejects %s and says where", (_label, partial, message) => {
    const parsed = parseRule(rule(partial));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.issues).toMatch(message);
  });

  it("keeps the parse of a deep-frozen rule (as processes hold rules), and parses any other each time", () => {
    const plain = rule({ trigger: { vendors: ["Acme"] }, offer: { productIds: ["2"] } });
    const held = deepFreeze(structuredClone(plain));
    const first = parseRule(held);
    expect(parseRule(held)).toBe(first);
    expect(Object.isFrozen(first.ok && first.rule.trigger)).toBe(true);

    expect(parseRule(plain)).toEqual(first);
    (plain.offer as { productIds: string[] }).productIds.push("3");
    expect(parseRule(plain)).toMatchObject({ ok: true, rule: { offer: { productIds: ["2", "3"] } } });
    // Frozen on the outside only: its trigger may still change, so it is not kept.
    const shallow = Object.freeze(rule({ trigger: { vendors: ["Acme"] }, offer: { productIds: ["2"] } }));
    expect(parseRule(shallow)).not.toBe(parseRule(shallow));
  });
});
