// Recommendations and Preview over HTTP: the neighbours with their statistics, pins and blocks that
// the engine and the recommender then honour, another shop's products refused, and the Preview's
// per-surface offers with the rules and guardrails that explain them.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loadOfferInputs } from "../../app/offers/serving/offer-inputs.server";
import { neighboursForProduct } from "../../app/recommender/store/recommendations.server";
import { selectOffers } from "../../app/offers/engine/engine";
import { adminClient, installAdminShop, pageText } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { GRINDER, GRINDER_PRO, MACHINE, MILK_JUG, TABLETS, TAMPER, seedOfferShop } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";

const app = startTestAppServer();
const shopA = uniqueShop("recs-a");
const shopB = uniqueShop("recs-b");
const a = adminClient(app.url, shopA);

beforeAll(async () => {
  for (const shop of [shopA, shopB]) {
    await seedOfferShop(shop, { holdoutShare: 0 });
    await installAdminShop(shop);
  }
  // Enough history for the stored lists to be served (cold start needs 5 orders of the product).
  await prisma.shopSettings.update({ where: { shop: shopA }, data: { coldStartMinOrders: 1 } });
  await prisma.product.create({
    data: { shop: shopB, id: 7_777n, title: "B only", handle: "b-only", sourceUpdatedAt: new Date() },
  });
});

async function productPageOffers(productId: bigint) {
  const inputs = await loadOfferInputs(shopA, { surface: "product", productId, cart: [], now: new Date() });
  return selectOffers({ ...inputs!, rules: [] });
}

describe("Recommendations", () => {
  it("lists a product's neighbours with orders together, support, confidence, lift and source", async () => {
    const response = await a.get(`/app/recommendations?product=${MACHINE}`);
    expect(response.status).toBe(200);
    const html = pageText(await response.text());
    for (const title of ["Tamper", "Milk Jug", "Grinder"]) expect(html).toContain(title);
    expect(html).toContain("Orders together");
    expect(html).toContain("Order history");
    // The seeded pair statistics: 12 orders together, support 2%, confidence (Tamper) 30%, lift 2.5.
    expect(html).toContain("Tamper 12 2.00% 30% 2.50× Success Order history");
  });

  it("pins a pair: always shown, first, by the engine and the recommender", async () => {
    const response = await a.post("/app/recommendations", {
      intent: "pin",
      productId: String(MACHINE),
      otherProductId: String(GRINDER_PRO),
    });
    expect(response.status).toBe(200);
    expect(
      await prisma.pairOverride.findMany({
        where: { shop: shopA },
        select: { productId: true, otherProductId: true, mode: true },
      }),
    ).toEqual([{ productId: MACHINE, otherProductId: GRINDER_PRO, mode: "PIN" }]);
    const served = await neighboursForProduct(shopA, MACHINE, 5);
    expect(served[0]).toMatchObject({ id: String(GRINDER_PRO), pinned: true });
    const result = await productPageOffers(MACHINE);
    expect(result.offers[0]).toMatchObject({
      products: [{ productId: String(GRINDER_PRO) }],
      reason: { type: "pair", pinned: true },
    });
    expect(pageText(await (await a.get(`/app/recommendations?product=${MACHINE}`)).text())).toContain("Pinned");
    expect(pageText(await (await a.get(`/app/preview?product=${MACHINE}`)).text())).toContain("Pinned by you");
  });

  it("blocks a pair: never shown, in either direction, and the trace says so", async () => {
    expect(
      (await prisma.productStat.findUniqueOrThrow({ where: { shop_productId: { shop: shopA, productId: MACHINE } } }))
        .neighbours,
    ).toContainEqual(expect.objectContaining({ id: String(TAMPER) }));
    const before = await productPageOffers(MACHINE);
    expect(before.offers.map((offer) => offer.products[0].productId)).toContain(String(TAMPER));

    expect(
      (
        await a.post("/app/recommendations", {
          intent: "block",
          productId: String(MACHINE),
          otherProductId: String(TAMPER),
        })
      ).status,
    ).toBe(200);
    expect((await neighboursForProduct(shopA, MACHINE, 10)).map((n) => n.id)).not.toContain(String(TAMPER));
    const after = await productPageOffers(MACHINE);
    expect(after.offers.map((offer) => offer.products[0].productId)).not.toContain(String(TAMPER));
    // The other direction: Tamper's page never offers the machine.
    const reverse = await productPageOffers(TAMPER);
    expect(reverse.offers.map((offer) => offer.products[0].productId)).not.toContain(String(MACHINE));

    const html = pageText(await (await a.get(`/app/recommendations?product=${MACHINE}`)).text());
    expect(html).toContain("Blocked with this product");
    expect(html).toContain("Unblock");
  });

  it("a pin replaces the pair's block, and clearing removes the override", async () => {
    expect(
      (
        await a.post("/app/recommendations", {
          intent: "pin",
          productId: String(TAMPER),
          otherProductId: String(MACHINE),
        })
      ).status,
    ).toBe(200);
    expect(await prisma.pairOverride.findMany({ where: { shop: shopA, mode: "BLOCK" } })).toEqual([]);
    expect(
      (
        await a.post("/app/recommendations", {
          intent: "clear",
          productId: String(TAMPER),
          otherProductId: String(MACHINE),
        })
      ).status,
    ).toBe(200);
    expect(await prisma.pairOverride.count({ where: { shop: shopA, productId: TAMPER } })).toBe(0);
    expect(
      (
        await a.post("/app/recommendations", {
          intent: "clear",
          productId: String(TAMPER),
          otherProductId: String(MACHINE),
        })
      ).status,
    ).toBe(404);
  });

  it("refuses another shop's products (404) and writes nothing", async () => {
    const before = await prisma.pairOverride.count();
    expect(
      (await a.post("/app/recommendations", { intent: "pin", productId: String(MACHINE), otherProductId: "7777" }))
        .status,
    ).toBe(404);
    expect(
      (await a.post("/app/recommendations", { intent: "block", productId: "7777", otherProductId: String(MACHINE) }))
        .status,
    ).toBe(404);
    expect(
      (await a.post("/app/recommendations", { intent: "pin", productId: "abc", otherProductId: String(MACHINE) }))
        .status,
    ).toBe(400);
    expect(await prisma.pairOverride.count()).toBe(before);
    expect((await a.get("/app/recommendations?product=7777")).status).toBe(404);
  });

  it("without a product, lists best sellers and every pin and block", async () => {
    const html = pageText(await (await a.get("/app/recommendations")).text());
    expect(html).toContain("Your best sellers");
    expect(html).toContain("Espresso Machine → Grinder Pro");
  });
});

describe("Preview", () => {
  it("shows each surface's offers with the rule or statistic behind each, and what the guardrails removed", async () => {
    const response = await a.get(`/app/preview?product=${MACHINE}&cart=2071:1&customer=returning`);
    expect(response.status).toBe(200);
    const html = pageText(await response.text());
    for (const surface of [
      "Product page",
      "Cart page",
      "Cart drawer",
      "Checkout",
      "Thank-you page",
      "Post-purchase email",
    ])
      expect(html).toContain(surface);
    // Seeded rules: the cleaning kit (product page only, 10% off) and the upgrades.
    expect(html).toContain("Cleaning kit with every machine");
    expect(html).toContain("10% off");
    expect(html).toContain("Machine to Pro");
    expect(html).toContain("Steel burrs that last 3× longer"); // the grinder in the cart gets its upgrade
    // The trace: rule outcomes and guardrail removals, by name.
    expect(html).toContain("Not on this surface");
    expect(html).toContain("Out of stock"); // Knock Box
    expect(html).toContain("Over the offers-per-surface limit");
  });

  it("matches what the engine returns for the same context", async () => {
    const inputs = await loadOfferInputs(shopA, { surface: "product", productId: MACHINE, cart: [], now: new Date() });
    const engine = selectOffers({ ...inputs!, context: { ...inputs!.context, customer: undefined } });
    const html = pageText(await (await a.get(`/app/preview?product=${MACHINE}`)).text());
    const titles: Record<string, string> = {
      [String(TABLETS)]: "Cleaning Tablets",
      [String(MILK_JUG)]: "Milk Jug",
      [String(GRINDER)]: "Grinder",
      [String(GRINDER_PRO)]: "Grinder Pro",
    };
    for (const offer of engine.offers) {
      const title = titles[offer.products[0].productId];
      if (title) expect(html).toContain(title);
    }
    expect(html).toContain("Add products to the cart to preview this surface.");
  });

  it("ignores another shop's products and variants", async () => {
    const html = pageText(await (await a.get("/app/preview?product=7777&cart=99991:1")).text());
    expect(html).toContain("Choose a product to preview its product page.");
    expect(html).toContain("Add products to the cart to preview this surface.");
  });
});

describe("admin ids beyond Postgres bigint", () => {
  const huge = "9999999999999999999";

  it("Recommendations, Preview and the catalog search answer 4xx or nothing found, never 500", async () => {
    expect((await a.get(`/app/recommendations?product=${huge}`)).status).toBe(404);
    expect(
      (await a.post("/app/recommendations", { intent: "pin", productId: String(MACHINE), otherProductId: huge }))
        .status,
    ).toBe(400);
    expect((await a.get(`/app/preview?product=${huge}&variant=${huge}&cart=${huge}:1`)).status).toBe(200);
    expect((await a.get(`/app/catalog-search?type=product&ids=${huge}`)).status).toBe(400);
    expect((await a.get(`/app/catalog-search?type=collection&ids=${MACHINE},${huge}`)).status).toBe(400);
    const byText = await a.get(`/app/catalog-search?type=product&q=${huge}`);
    expect(byText.status).toBe(200);
    expect(((await byText.json()) as { products: unknown[] }).products).toEqual([]);
    const largest = (await (
      await a.get(`/app/catalog-search?type=product&ids=9223372036854775807,${MACHINE}`)
    ).json()) as { products: { id: string }[] };
    expect(largest.products.map((p) => p.id)).toEqual([String(MACHINE)]);
  });
});
