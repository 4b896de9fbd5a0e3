// The Rules pages over HTTP against the real routes: create and edit cross-sell and upgrade rules,
// bad input answered 400 with field errors and nothing saved, bulk actions, and another shop's
// rule ids refused with 404 and nothing changed.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { emptyRuleValues, type CrossSellValues, type UpgradeValues } from "../../app/rules/rule-form-schema";
import { loadOfferInputs } from "../../app/offers/serving/offer-inputs.server";
import { selectOffers } from "../../app/offers/engine/engine";
import { adminClient, installAdminShop, pageText } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { GRINDER, MACHINE, MACHINE_PRO, MILK_JUG, TABLETS, TAMPER, seedOfferShop } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";

const app = startTestAppServer();
const shopA = uniqueShop("rules-a");
const shopB = uniqueShop("rules-b");
const a = adminClient(app.url, shopA);
const b = adminClient(app.url, shopB);

beforeAll(async () => {
  for (const shop of [shopA, shopB]) {
    await seedOfferShop(shop, { holdoutShare: 0 });
    await installAdminShop(shop);
  }
  // Shop A's own rules only: the seeded ones would take the engine's first places.
  await prisma.rule.deleteMany({ where: { shop: shopA } });
  // A product only shop B has.
  await prisma.product.create({
    data: {
      shop: shopB,
      id: 9_999n,
      title: "B only",
      handle: "b-only",
      sourceUpdatedAt: new Date(),
      variants: { create: [{ id: 99_991n, title: "Default Title", price: "5.00" }] },
    },
  });
});

const crossSell = (patch: Partial<CrossSellValues> = {}): CrossSellValues => ({
  ...(emptyRuleValues("CROSS_SELL") as CrossSellValues),
  name: "Machines get a milk jug",
  trigger: {
    anyProduct: false,
    productIds: [String(MACHINE)],
    collectionIds: [],
    tags: [],
    vendors: [],
    productTypes: [],
  },
  offer: { productIds: [String(MILK_JUG), String(TABLETS)] },
  surfaces: ["product", "cart"],
  discount: { type: "percentage", value: "15" },
  ...patch,
});

const upgrade = (patch: Partial<UpgradeValues> = {}): UpgradeValues => ({
  ...(emptyRuleValues("UPGRADE") as UpgradeValues),
  name: "Grinder to Pro",
  trigger: { productId: String(GRINDER), variantId: "" },
  offer: { productId: String(MACHINE_PRO), variantId: "" },
  valueText: "Dual boiler",
  maxPriceIncrease: "",
  ...patch,
});

async function ruleCount(shop: string) {
  return prisma.rule.count({ where: { shop } });
}

async function offersFor(shop: string, productId: bigint) {
  const inputs = await loadOfferInputs(shop, { surface: "product", productId, cart: [], now: new Date() });
  return selectOffers(inputs!);
}

describe("creating rules", () => {
  it("saves a cross-sell rule the engine then offers, first and with its discount", async () => {
    const response = await a.post("/app/rules/new", { intent: "save", rule: crossSell({ priority: "1" }) });
    expect(response.status).toBe(200);
    const rule = await prisma.rule.findFirstOrThrow({ where: { shop: shopA, name: "Machines get a milk jug" } });
    expect(rule).toMatchObject({
      kind: "CROSS_SELL",
      priority: 1,
      enabled: true,
      surfaces: ["product", "cart"],
      trigger: { productIds: [String(MACHINE)], anyProduct: false },
      offer: { productIds: [String(MILK_JUG), String(TABLETS)] },
      discount: { type: "percentage", value: 15 },
      conditions: null,
    });

    const result = await offersFor(shopA, MACHINE);
    expect(result.offers[0]).toMatchObject({
      products: [{ productId: String(MILK_JUG) }],
      reason: { type: "rule", ruleId: rule.id },
      discount: { value: 15 },
    });
    expect(result.trace.rules).toContainEqual(expect.objectContaining({ ruleId: rule.id, outcome: "matched" }));

    const list = pageText(await (await a.get("/app/rules")).text());
    expect(list).toContain("Machines get a milk jug");
    expect(list).toContain("15% off");
  });

  it("saves an upgrade rule with its value text and price ceiling (percent in, share stored)", async () => {
    const response = await a.post("/app/rules/new", {
      intent: "save",
      rule: upgrade({ trigger: { productId: String(MACHINE), variantId: "2001" }, maxPriceIncrease: "45" }),
    });
    expect(response.status).toBe(200);
    const rule = await prisma.rule.findFirstOrThrow({ where: { shop: shopA, name: "Grinder to Pro" } });
    expect(rule).toMatchObject({
      kind: "UPGRADE",
      trigger: { productId: String(MACHINE), variantId: "2001" },
      offer: { productId: String(MACHINE_PRO) },
      valueText: "Dual boiler",
    });
    expect(Number(rule.maxPriceIncrease)).toBe(0.45);
    // 400 → 560 is +40%: within the rule's 45% and the shop's 50%.
    const result = await offersFor(shopA, MACHINE);
    expect(result.offers).toContainEqual(
      expect.objectContaining({
        kind: "upgrade",
        valueText: "Dual boiler",
        replaces: { productId: String(MACHINE), variantId: "2001" },
      }),
    );
  });

  it.each([
    [
      "no name and nothing offered",
      crossSell({ name: "", offer: { productIds: [] } }),
      ["Give the rule a name", "Choose at least one product to offer"],
    ],
    [
      "no trigger",
      crossSell({
        trigger: { anyProduct: false, productIds: [], collectionIds: [], tags: [], vendors: [], productTypes: [] },
      }),
      ["Choose what triggers the offer"],
    ],
    [
      "a 150% discount",
      crossSell({ discount: { type: "percentage", value: "150" } }),
      ["Enter a percentage above 0, at most 100"],
    ],
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
      ["Must be at least the minimum"],
    ],
    [
      "an upgrade to the same product",
      upgrade({ offer: { productId: String(GRINDER), variantId: "" } }),
      ["Choose a different product or variant to upgrade to"],
    ],
    ["another shop's product", crossSell({ offer: { productIds: ["9999"] } }), ["Not in your catalog: 9999"]],
    [
      "a variant of another product",
      upgrade({ offer: { productId: String(MACHINE_PRO), variantId: "2001" } }),
      ["Not a variant of Espresso Machine Pro"],
    ],
  ])("answers %s with 400 and the field's error, and saves nothing", async (_label, rule, messages) => {
    const before = await ruleCount(shopA);
    const response = await a.post("/app/rules/new", { intent: "save", rule });
    expect(response.status).toBe(400);
    const html = pageText(await response.text());
    for (const message of messages) expect(html).toContain(message);
    expect(await ruleCount(shopA)).toBe(before);
  });

  it("rejects a payload that is not a rule at all", async () => {
    const before = await ruleCount(shopA);
    expect((await a.post("/app/rules/new", { intent: "save", rule: { kind: "BUNDLE" } })).status).toBe(400);
    expect((await a.post("/app/rules/new", { intent: "launch" })).status).toBe(400);
    expect(await ruleCount(shopA)).toBe(before);
  });
});

describe("editing rules", () => {
  it("updates a rule; the engine follows (rule now off the product page)", async () => {
    const rule = await prisma.rule.findFirstOrThrow({ where: { shop: shopA, name: "Machines get a milk jug" } });
    const page = await a.get(`/app/rules/${rule.id}`);
    expect(page.status).toBe(200);
    expect(pageText(await page.text())).toContain("Milk Jug");

    const response = await a.post(`/app/rules/${rule.id}`, {
      intent: "save",
      rule: crossSell({ name: "Machines get a jug (cart)", surfaces: ["cart"], stopHere: true }),
    });
    expect(response.status).toBe(200);
    const updated = await prisma.rule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(updated).toMatchObject({ name: "Machines get a jug (cart)", surfaces: ["cart"], stopHere: true });
    const result = await offersFor(shopA, MACHINE);
    expect(result.trace.rules).toContainEqual(expect.objectContaining({ ruleId: rule.id, outcome: "off_surface" }));
  });

  it("does not let a rule change its kind", async () => {
    const rule = await prisma.rule.findFirstOrThrow({ where: { shop: shopA, kind: "CROSS_SELL" } });
    const response = await a.post(`/app/rules/${rule.id}`, { intent: "save", rule: upgrade({ name: "Sneaky" }) });
    expect(response.status).toBe(400);
    expect((await prisma.rule.findUniqueOrThrow({ where: { id: rule.id } })).kind).toBe("CROSS_SELL");
  });

  it("opens the new-rule form for either kind", async () => {
    expect(pageText(await (await a.get("/app/rules/new?kind=UPGRADE")).text())).toContain("New upgrade rule");
    expect(pageText(await (await a.get("/app/rules/new")).text())).toContain("New cross-sell rule");
  });
});

describe("bulk actions", () => {
  it("disables, enables and deletes the selected rules", async () => {
    const ids = (await prisma.rule.findMany({ where: { shop: shopA }, select: { id: true } })).map((r) => r.id);
    expect((await a.post("/app/rules", { intent: "disable", ids })).status).toBe(200);
    expect(await prisma.rule.count({ where: { shop: shopA, enabled: true } })).toBe(0);
    expect((await offersFor(shopA, MACHINE)).trace.rules).toHaveLength(0);
    expect((await a.post("/app/rules", { intent: "enable", ids: [ids[0]] })).status).toBe(200);
    expect(await prisma.rule.count({ where: { shop: shopA, enabled: true } })).toBe(1);
    const filtered = pageText(await (await a.get("/app/rules?status=disabled")).text());
    expect(filtered).toContain("Disabled");

    const extra = await prisma.rule.create({
      data: {
        shop: shopA,
        kind: "CROSS_SELL",
        name: "Throwaway",
        trigger: { anyProduct: true },
        offer: { productIds: [String(TAMPER)] },
        surfaces: [],
      },
    });
    expect((await a.post("/app/rules", { intent: "delete", ids: [extra.id] })).status).toBe(200);
    expect(await prisma.rule.findUnique({ where: { id: extra.id } })).toBeNull();
  });

  it("rejects an empty selection", async () => {
    expect((await a.post("/app/rules", { intent: "delete", ids: [] })).status).toBe(400);
  });
});

describe("another shop's rules", () => {
  it("are not found: read, save, delete and bulk answer 404 and change nothing", async () => {
    const theirs = await prisma.rule.findFirstOrThrow({ where: { shop: shopB } });
    const mine = await prisma.rule.findFirstOrThrow({ where: { shop: shopA } });
    const snapshot = JSON.stringify(theirs);

    expect((await a.get(`/app/rules/${theirs.id}`)).status).toBe(404);
    expect(
      (await a.post(`/app/rules/${theirs.id}`, { intent: "save", rule: crossSell({ name: "Hijacked" }) })).status,
    ).toBe(404);
    expect((await a.post(`/app/rules/${theirs.id}`, { intent: "delete" })).status).toBe(404);
    for (const intent of ["disable", "delete"]) {
      expect((await a.post("/app/rules", { intent, ids: [mine.id, theirs.id] })).status).toBe(404);
    }

    expect(JSON.stringify(await prisma.rule.findUniqueOrThrow({ where: { id: theirs.id } }))).toBe(snapshot);
    // All or nothing: the request's own rule was not touched either.
    expect(await prisma.rule.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ enabled: mine.enabled });
    expect(pageText(await (await a.get("/app/rules")).text())).not.toContain(theirs.name);
  });

  it("the catalog search answers with the shop's own products only", async () => {
    const search = (await (await a.get("/app/catalog-search?type=product&q=only")).json()) as { products: unknown[] };
    expect(search.products).toEqual([]);
    const byId = (await (await a.get("/app/catalog-search?type=product&ids=9999,1001")).json()) as {
      products: { id: string }[];
    };
    expect(byId.products.map((p) => p.id)).toEqual([String(MACHINE)]);
    const own = (await (await b.get("/app/catalog-search?type=product&q=only")).json()) as {
      products: { title: string }[];
    };
    expect(own.products.map((p) => p.title)).toEqual(["B only"]);
  });
});
