// The bundle Discount Function's logic against fixture inputs and outputs in Shopify's shapes
// (extensions/bundle-discount/tests/fixtures, the `shopify app function` fixture format), and the
// contract with the app: the config app/discounts/bundle-discount.server.ts writes is what run() reads.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../extensions/bundle-discount/src/run";
import type { RunInput } from "../../extensions/bundle-discount/generated/api";
import { bundleDiscountInput } from "../../app/discounts/bundle-discount.server";

const FIXTURES = path.resolve("extensions/bundle-discount/tests/fixtures");

interface Fixture {
  payload: { export: string; target: string; input: RunInput; output: unknown };
}

describe("bundle discount function: fixtures", () => {
  const files = readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .sort();
  it("has fixtures", () => expect(files.length).toBeGreaterThanOrEqual(8));
  for (const file of files) {
    it(file.replace(/\.json$/, ""), () => {
      const fixture = JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as Fixture;
      expect(fixture.payload.target).toBe("cart.lines.discounts.generate.run");
      expect(fixture.payload.export).toBe("run");
      expect(run(fixture.payload.input)).toEqual(fixture.payload.output);
    });
  }
});

describe("bundle discount function: the app's config", () => {
  const line = (id: number, productId: string, quantity: number, amount: string) => ({
    id: `gid://shopify/CartLine/${id}`,
    quantity,
    cost: { subtotalAmount: { amount } },
    merchandise: {
      __typename: "ProductVariant" as const,
      id: `gid://shopify/ProductVariant/${id}0`,
      product: { id: productId },
    },
  });

  it("applies the percentage the admin configured, with numeric ids turned into product GIDs", () => {
    const input = bundleDiscountInput({
      title: "Espresso set",
      config: { bundles: [{ productIds: ["1001", 1002], percentage: 12.5 }] },
    });
    const metafield = input.metafields[0];
    expect(metafield).toMatchObject({ namespace: "$app:pairwise", key: "bundle-config", type: "json" });
    const cart = [
      line(1, "gid://shopify/Product/1001", 1, "400.00"),
      line(2, "gid://shopify/Product/1002", 1, "30.00"),
    ];
    const result = run({
      cart: { lines: cart },
      discount: {
        discountClasses: input.discountClasses as RunInput["discount"]["discountClasses"],
        metafield: { jsonValue: JSON.parse(metafield.value) },
      },
    });
    expect(result.operations).toEqual([
      {
        productDiscountsAdd: {
          candidates: [
            {
              message: "Bundle: 12.5% off",
              targets: [{ cartLine: { id: cart[0].id, quantity: 1 } }, { cartLine: { id: cart[1].id, quantity: 1 } }],
              value: { percentage: { value: 12.5 } },
            },
          ],
          selectionStrategy: "FIRST",
        },
      },
    ]);
    // Without every product of the bundle: nothing.
    const partial = run({
      cart: { lines: [cart[0]] },
      discount: {
        discountClasses: input.discountClasses as RunInput["discount"]["discountClasses"],
        metafield: { jsonValue: JSON.parse(metafield.value) },
      },
    });
    expect(partial.operations).toEqual([]);
  });

  it("lets disjoint bundles stack only when the discount combines with product discounts", () => {
    const config = { bundles: [{ productIds: ["1", "2"], percentage: 10 }] };
    const strategy = (productDiscounts: boolean) => {
      const input = bundleDiscountInput({ title: "t", config, combinesWith: { productDiscounts } });
      expect(input.combinesWith.productDiscounts).toBe(productDiscounts);
      const result = run({
        cart: { lines: [line(1, "gid://shopify/Product/1", 1, "1.00"), line(2, "gid://shopify/Product/2", 1, "1.00")] },
        discount: {
          discountClasses: ["PRODUCT"] as RunInput["discount"]["discountClasses"],
          metafield: { jsonValue: JSON.parse(input.metafields[0].value) },
        },
      });
      const operation = result.operations[0];
      return operation && "productDiscountsAdd" in operation ? operation.productDiscountsAdd.selectionStrategy : null;
    };
    expect(strategy(false)).toBe("FIRST");
    expect(strategy(true)).toBe("ALL");
  });

  it("refuses a config the function could not use", () => {
    expect(() =>
      bundleDiscountInput({ title: "t", config: { bundles: [{ productIds: ["1"], percentage: 10 }] } }),
    ).toThrow(/at least two/);
    expect(() =>
      bundleDiscountInput({ title: "t", config: { bundles: [{ productIds: ["1", "2"], percentage: 120 }] } }),
    ).toThrow();
    expect(() =>
      bundleDiscountInput({ title: "t", config: { bundles: [{ productIds: ["1", "1"], percentage: 10 }] } }),
    ).toThrow(/once/);
    expect(() =>
      bundleDiscountInput({ title: "t", config: { bundles: [{ productIds: ["x", "2"], percentage: 10 }] } }),
    ).toThrow(/product id/);
  });
});
