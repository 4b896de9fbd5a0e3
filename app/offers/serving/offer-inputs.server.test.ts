// The offers inputs loader (one SQL statement on the pg pool) against a real database: what it
// loads, that another shop's rows never appear, and that loading the catalog pool only when the
// engine needs it (offersFor) gives the same offers as loading it up front.
// Over 400 lines on purpose (#14): one seeded shop shared by every input the loader reads.
import { describe, expect, it } from "vitest";
import {
  GRINDER,
  GRINDER_PRO,
  KNOCK_BOX,
  MACHINE,
  MACHINE_PRO,
  MILK_JUG,
  seedOfferShop,
  seededRuleId,
  TABLETS,
  TAMPER,
} from "../../../tests/support/offer-shop";
import { uniqueShop } from "../../../tests/support/shops";
import prisma from "../../db.server";
import { selectOffers } from "../engine/engine";
import { loadOfferInputs } from "./offer-inputs.server";
import { offersFor } from "./offers.server";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const VISITOR = "visitor-abc-123";
const CUSTOMER = 777n;

/** A second shop with the same product, variant and rule ids but its own titles, prices, settings and history. */
async function seedOtherShop(shop: string): Promise<void> {
  await seedOfferShop(shop);
  await prisma.product.updateMany({ where: { shop }, data: { title: "OTHER SHOP PRODUCT", tags: ["other"] } });
  await prisma.variant.updateMany({ where: { shop }, data: { price: "1.00" } });
  await prisma.shopSettings.update({
    where: { shop },
    data: { maxOffersPerSurface: 9, holdoutShare: 0, frequencyCapHours: 48 },
  });
  await prisma.rule.updateMany({ where: { shop }, data: { name: "OTHER SHOP RULE" } });
  await prisma.pairOverride.create({ data: { shop, productId: MACHINE, otherProductId: MILK_JUG, mode: "BLOCK" } });
  await prisma.offerEvent.create({
    data: {
      shop,
      visitorId: VISITOR,
      type: "dismiss",
      surface: "product",
      offerId: "pw_other",
      offerKind: "cross_sell",
      offeredProductId: TAMPER,
      occurredAt: new Date(NOW.getTime() - 3_600_000),
    },
  });
  await prisma.order.create({
    data: {
      shop,
      id: 1n,
      name: "#1",
      customerId: CUSTOMER,
      currencyCode: "USD",
      subtotalPrice: "10",
      totalPrice: "10",
      processedAt: NOW,
      sourceUpdatedAt: NOW,
    },
  });
  await prisma.customerTags.create({
    data: { shop, customerId: CUSTOMER, tags: ["VIP", "Wholesale"], sourceUpdatedAt: NOW },
  });
}

describe("loadOfferInputs", () => {
  it("loads settings, rules, overrides, events and the facts of every product the engine may name", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    await prisma.rule.update({
      where: { id: seededRuleId(shop, "clean") },
      data: { startsAt: new Date("2026-11-01T08:30:00.123Z"), endsAt: new Date("2026-12-01T00:00:00Z") },
    });
    await prisma.pairOverride.create({ data: { shop, productId: MACHINE, otherProductId: GRINDER, mode: "PIN" } });
    const recent = new Date(NOW.getTime() - 2 * 3_600_000 + 0.456e3);
    await prisma.offerEvent.createMany({
      data: [
        {
          shop,
          visitorId: VISITOR,
          type: "dismiss",
          surface: "product",
          offerId: "pw_recent",
          offerKind: "cross_sell",
          offeredProductId: TAMPER,
          occurredAt: recent,
        },
        {
          shop,
          visitorId: VISITOR,
          type: "click",
          surface: "product",
          offerId: "pw_click",
          offerKind: "cross_sell",
          occurredAt: recent,
        },
        {
          shop,
          visitorId: VISITOR,
          type: "impression",
          surface: "product",
          offerId: "pw_old",
          offerKind: "cross_sell",
          occurredAt: new Date(NOW.getTime() - 25 * 3_600_000),
        },
        {
          shop,
          visitorId: "someone-else",
          type: "dismiss",
          surface: "product",
          offerId: "pw_else",
          offerKind: "cross_sell",
          occurredAt: recent,
        },
      ],
    });

    const inputs = await loadOfferInputs(shop, {
      surface: "product",
      productId: MACHINE,
      cart: [],
      visitorId: VISITOR,
      now: NOW,
    });
    expect(inputs).not.toBeNull();
    expect(inputs!.guardrails).toEqual({
      maxOffersPerSurface: 3,
      upgradePriceCeiling: 0.5,
      relevanceThreshold: 0.05,
      frequencyCapHours: 24,
      holdoutShare: 0.1,
    });
    const expectedRules = await prisma.rule.findMany({ where: { shop }, orderBy: { priority: "asc" } });
    expect(
      inputs!.rules.map((rule) => [
        rule.id,
        rule.kind,
        rule.startsAt?.toISOString() ?? null,
        rule.endsAt?.toISOString() ?? null,
        rule.createdAt.toISOString(),
      ]),
    ).toEqual(
      expectedRules.map((rule) => [
        rule.id,
        rule.kind,
        rule.startsAt?.toISOString() ?? null,
        rule.endsAt?.toISOString() ?? null,
        rule.createdAt.toISOString(),
      ]),
    );
    expect(inputs!.rules[0]).toMatchObject({
      trigger: { productIds: [String(MACHINE)] },
      offer: { productIds: [String(TABLETS)] },
      surfaces: ["product"],
      discount: { type: "percentage", value: 10 },
    });
    expect(inputs!.overrides).toEqual([{ productId: String(MACHINE), otherProductId: String(GRINDER), mode: "PIN" }]);
    // Only this visitor's impressions, accepts and dismissals inside the 24 h cap, to the millisecond.
    expect(inputs!.context.recentEvents).toEqual([
      {
        type: "dismiss",
        offerId: "pw_recent",
        offerKind: "cross_sell",
        offeredProductId: String(TAMPER),
        occurredAt: recent,
      },
    ]);
    expect(inputs!.context.customer).toBeUndefined();

    const ids = inputs!.catalog.map((product) => product.id).sort();
    // Anchor, neighbours (incl. the pinned grinder), the rules' products (cross-sell and the machine's upgrade).
    for (const id of [MACHINE, TAMPER, MILK_JUG, GRINDER, TABLETS, MACHINE_PRO]) expect(ids).toContain(String(id));
    const machine = inputs!.catalog.find((product) => product.id === String(MACHINE));
    expect(machine).toEqual({
      id: String(MACHINE),
      title: "Espresso Machine",
      handle: "espresso-machine",
      productType: "Espresso machine",
      vendor: "Pairwise Demo",
      tags: ["espresso"],
      collectionIds: ["1"],
      status: "ACTIVE",
      available: true,
      variants: [
        { id: "2001", productId: String(MACHINE), title: "Black", price: 400, available: true, position: 1 },
        { id: "2002", productId: String(MACHINE), title: "Silver", price: 420, available: true, position: 2 },
      ],
    });
  });

  it("never reads another shop's rows, even with the same ids, visitor and customer", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seedOfferShop(shop);
    await seedOtherShop(other);
    const inputs = await loadOfferInputs(shop, {
      surface: "cart",
      productId: MACHINE,
      cart: [{ variantId: 2071n, quantity: 1 }],
      visitorId: VISITOR,
      customerId: CUSTOMER,
      now: NOW,
    });
    expect(inputs!.guardrails.maxOffersPerSurface).toBe(3);
    expect(inputs!.rules.map((rule) => rule.name)).not.toContain("OTHER SHOP RULE");
    expect(inputs!.rules.map((rule) => rule.id).sort()).toEqual(
      [seededRuleId(shop, "clean"), seededRuleId(shop, "grinder"), seededRuleId(shop, "pro")].sort(),
    );
    expect(inputs!.overrides).toEqual([]);
    expect(inputs!.context.recentEvents).toEqual([]);
    expect(inputs!.context.customer).toEqual({ returning: false });
    expect(inputs!.context.cart).toEqual([{ productId: String(GRINDER), variantId: "2071", quantity: 1 }]);
    expect(inputs!.catalog.length).toBeGreaterThan(3);
    for (const product of inputs!.catalog) {
      expect(product.title).not.toBe("OTHER SHOP PRODUCT");
      for (const variant of product.variants) expect(variant.price).not.toBe(1);
    }

    // The other shop sees its own.
    const theirs = await loadOfferInputs(other, {
      surface: "product",
      productId: MACHINE,
      cart: [],
      visitorId: VISITOR,
      customerId: CUSTOMER,
      now: NOW,
    });
    expect(theirs!.guardrails.maxOffersPerSurface).toBe(9);
    expect(theirs!.context.customer).toEqual({ returning: true, tags: ["VIP", "Wholesale"] });
    expect(theirs!.context.recentEvents.map((event) => event.offerId)).toEqual(["pw_other"]);
    expect(theirs!.overrides).toEqual([
      { productId: String(MACHINE), otherProductId: String(MILK_JUG), mode: "BLOCK" },
    ]);
    expect(theirs!.catalog.every((product) => product.title === "OTHER SHOP PRODUCT")).toBe(true);
  });

  it("gives nothing to a shop that is not installed", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    await prisma.shop.update({ where: { shop }, data: { uninstalledAt: NOW } });
    expect(await loadOfferInputs(shop, { surface: "product", productId: MACHINE, cart: [], now: NOW })).toBeNull();
    expect(
      await loadOfferInputs(uniqueShop("unknown"), { surface: "product", productId: MACHINE, cart: [], now: NOW }),
    ).toBeNull();
  });

  it("adds the catalog pool: active, available products sharing an attribute with an anchor, none of another shop", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seedOfferShop(shop);
    await seedOtherShop(other);
    const extra = (
      id: bigint,
      data: Partial<{ tags: string[]; collectionIds: bigint[]; status: string; available: boolean }>,
    ) => ({
      shop,
      id,
      title: `Extra ${id}`,
      handle: `extra-${id}`,
      productType: "Extra",
      vendor: "Else",
      tags: [],
      collectionIds: [],
      sourceUpdatedAt: NOW,
      ...data,
    });
    await prisma.product.createMany({
      data: [
        extra(3001n, { collectionIds: [1n] }),
        extra(3002n, { tags: ["espresso"] }),
        extra(3003n, { tags: ["espresso"], status: "DRAFT" }),
        extra(3004n, { tags: ["espresso"], available: false }),
        extra(3005n, { tags: ["tea"] }),
      ],
    });
    await prisma.product.create({ data: { ...extra(3006n, { tags: ["espresso"] }), shop: other } });
    await prisma.variant.createMany({
      data: [3001n, 3002n].map((id) => ({ shop, id: id * 10n, productId: id, title: "Default Title", price: "9.50" })),
    });

    const withPool = await loadOfferInputs(shop, { surface: "product", productId: MACHINE, cart: [], now: NOW });
    const without = await loadOfferInputs(
      shop,
      { surface: "product", productId: MACHINE, cart: [], now: NOW },
      { catalogPool: false },
    );
    const ids = (inputs: typeof withPool) => inputs!.catalog.map((product) => product.id);
    expect(ids(withPool)).toEqual(expect.arrayContaining(["3001", "3002"]));
    for (const id of ["3003", "3004", "3005", "3006"]) expect(ids(withPool)).not.toContain(id);
    expect(ids(without)).not.toContain("3001");
    expect(withPool!.catalog.find((product) => product.id === "3001")!.variants).toEqual([
      { id: "30010", productId: "3001", title: "Default Title", price: 9.5, available: true, position: 1 },
    ]);
  });
});

describe("loadOfferInputs: the rules this process holds", () => {
  it("are reused while the shop's rules are unchanged, and read again after any write to them", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seedOfferShop(shop);
    await seedOfferShop(other);
    const request = { surface: "product" as const, productId: MACHINE, cart: [], now: NOW };
    const names = async (name = shop) => (await loadOfferInputs(name, request))!.rules.map((rule) => rule.name).sort();

    const first = (await loadOfferInputs(shop, request))!.rules;
    const second = (await loadOfferInputs(shop, request))!.rules;
    expect(second[0]).toBe(first[0]); // held, not parsed again
    const othersBefore = (await loadOfferInputs(other, request))!.rules;

    // By hand in SQL, as no app code writes: the version changes all the same.
    await prisma.$executeRaw`UPDATE rules SET name = 'Renamed by SQL' WHERE shop = ${shop} AND id = ${seededRuleId(shop, "clean")}`;
    expect(await names()).toContain("Renamed by SQL");
    await prisma.rule.update({ where: { id: seededRuleId(shop, "pro") }, data: { enabled: false } });
    expect(await names()).not.toContain("Machine to Pro");
    await prisma.rule.delete({ where: { id: seededRuleId(shop, "grinder") } });
    expect(await names()).toEqual(["Renamed by SQL"]);
    await prisma.rule.create({
      data: {
        shop,
        id: `new-${shop}`,
        kind: "CROSS_SELL",
        name: "New rule",
        trigger: { anyProduct: true },
        offer: { productIds: [String(TAMPER)] },
      },
    });
    expect(await names()).toEqual(["New rule", "Renamed by SQL"]);

    // The other shop's rules were not touched, so its held rules still stand.
    expect((await loadOfferInputs(other, request))!.rules[0]).toBe(othersBefore[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
  });
});

describe("loadOfferInputs: the page's catalog data this process holds", () => {
  const page = { surface: "product" as const, productId: MACHINE, cart: [], visitorId: VISITOR, now: NOW };
  const load = (shop: string, request: Parameters<typeof loadOfferInputs>[1] = page) =>
    loadOfferInputs(shop, request, { catalogPool: false });
  const facts = (inputs: Awaited<ReturnType<typeof load>>, id: bigint) =>
    inputs!.catalog.find((product) => product.id === String(id));

  it("is reused while unchanged, giving the same inputs as a fresh read, and read again after any write to what it came from", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seedOfferShop(shop);
    await seedOfferShop(other);
    await prisma.pairOverride.create({ data: { shop, productId: MACHINE, otherProductId: GRINDER, mode: "PIN" } });

    const first = await load(shop);
    const second = await load(shop);
    expect(second).toEqual(first); // the held read gives what the full statement gave
    expect(facts(second, MACHINE)).toBe(facts(first, MACHINE)); // held, not parsed again
    expect(Object.isFrozen(facts(second, MACHINE)!.variants[0])).toBe(true);
    const othersBefore = await load(other);

    // A variant's price and availability (a products/update webhook), by Prisma.
    await prisma.variant.update({
      where: { shop_id: { shop, id: 2011n } },
      data: { price: "35.00", available: false },
    });
    expect(facts(await load(shop), TAMPER)!.variants[0]).toMatchObject({ price: 35, available: false });
    // A product's title, by hand in SQL: the version changes all the same.
    await prisma.$executeRaw`UPDATE products SET title = 'Tamper, by SQL' WHERE shop = ${shop} AND id = ${TAMPER}`;
    expect(facts(await load(shop), TAMPER)!.title).toBe("Tamper, by SQL");
    // A pin removed and a block added.
    await prisma.pairOverride.deleteMany({ where: { shop, productId: MACHINE, otherProductId: GRINDER } });
    await prisma.pairOverride.create({ data: { shop, productId: MACHINE, otherProductId: MILK_JUG, mode: "BLOCK" } });
    const blocked = await load(shop);
    expect(blocked!.overrides).toEqual([
      { productId: String(MACHINE), otherProductId: String(MILK_JUG), mode: "BLOCK" },
    ]);
    expect(blocked!.neighbours.map((neighbour) => neighbour.id)).not.toContain(String(MILK_JUG));
    // A product deleted.
    await prisma.product.update({ where: { shop_id: { shop, id: TAMPER } }, data: { deletedAt: NOW } });
    expect(facts(await load(shop), TAMPER)).toBeUndefined();
    // A rule now offering another product: its facts come with the page.
    expect(facts(await load(shop), KNOCK_BOX)).toBeDefined(); // a stored neighbour
    await prisma.rule.update({
      where: { id: seededRuleId(shop, "clean") },
      data: { offer: { productIds: [String(GRINDER_PRO)] } },
    });
    expect(facts(await load(shop), GRINDER_PRO)).toBeDefined();

    // Nothing of this touched the other shop: its held data stands.
    expect(facts(await load(other), MACHINE)).toBe(facts(othersBefore, MACHINE));
  });

  it("reads neighbour lists, order counts and the visitor's events on every request", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const first = await load(shop);
    expect(first!.neighbours.map((neighbour) => neighbour.id)).toEqual(
      [TAMPER, KNOCK_BOX, MILK_JUG, GRINDER].map(String),
    );

    // A neighbour refresh lists a product the held data never looked up: its facts are read then.
    await prisma.productStat.update({
      where: { shop_productId: { shop, productId: MACHINE } },
      data: {
        neighbours: [{ id: String(GRINDER_PRO), score: 0.4, together: 12, support: 0.02, confidence: 0.4, lift: 2.5 }],
      },
    });
    const refreshed = await load(shop);
    expect(refreshed!.neighbours.map((neighbour) => neighbour.id)).toEqual([String(GRINDER_PRO)]);
    expect(facts(refreshed, GRINDER_PRO)!.title).toBe("Grinder Pro");
    expect(facts(refreshed, MACHINE)).toBe(facts(first, MACHINE)); // the page's data was still current

    // Too few orders now (a refund, a cold start): catalogue neighbours instead.
    await prisma.productStat.update({
      where: { shop_productId: { shop, productId: MACHINE } },
      data: { orderCount: 1 },
    });
    expect((await load(shop))!.neighbours.every((neighbour) => neighbour.source === "catalog")).toBe(true);

    await prisma.offerEvent.create({
      data: {
        shop,
        visitorId: VISITOR,
        type: "dismiss",
        surface: "product",
        offerId: "pw_new",
        offerKind: "cross_sell",
        offeredProductId: TAMPER,
        occurredAt: NOW,
      },
    });
    expect((await load(shop))!.context.recentEvents.map((event) => event.offerId)).toEqual(["pw_new"]);
  });

  it("holds a cart by its set of variants, and maps its lines again for each request", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const cart = (variants: bigint[]) => ({
      surface: "cart" as const,
      cart: variants.map((variantId) => ({ variantId, quantity: 2 })),
      now: NOW,
    });
    const first = await load(shop, cart([2001n, 2071n, 999n]));
    const reordered = await load(shop, cart([2071n, 999n, 2001n]));
    expect(facts(reordered, MACHINE)).toBe(facts(first, MACHINE));
    expect(reordered!.context.cart).toEqual([
      { productId: String(GRINDER), variantId: "2071", quantity: 2 },
      { productId: String(MACHINE), variantId: "2001", quantity: 2 },
    ]);
    // A variant moved to another product.
    await prisma.variant.update({ where: { shop_id: { shop, id: 2071n } }, data: { productId: GRINDER_PRO } });
    expect((await load(shop, cart([2001n, 2071n, 999n])))!.context.cart.map((line) => line.productId)).toEqual([
      String(MACHINE),
      String(GRINDER_PRO),
    ]);
  });
});

describe("loadOfferInputs: the neighbours' facts", () => {
  /** Five warm products (ids 5000–5004), each with its own list of 20 neighbours (ids 6000–6099), all with facts. */
  async function seedListedShop(shop: string): Promise<void> {
    await seedOfferShop(shop);
    const product = (id: bigint) => ({
      shop,
      id,
      title: `P${id}`,
      handle: `p-${id}`,
      productType: "Listed",
      tags: [],
      collectionIds: [],
      sourceUpdatedAt: NOW,
    });
    const anchors = Array.from({ length: 5 }, (_, i) => 5000n + BigInt(i));
    const listed = Array.from({ length: 100 }, (_, i) => 6000n + BigInt(i));
    await prisma.product.createMany({ data: [...anchors, ...listed].map(product) });
    await prisma.variant.createMany({
      data: [...anchors, ...listed].map((id) => ({
        shop,
        id: id * 10n,
        productId: id,
        title: "Default Title",
        price: "5.00",
      })),
    });
    await prisma.productStat.createMany({
      data: anchors.map((anchor, a) => ({
        shop,
        productId: anchor,
        orderCount: 50,
        neighbours: Array.from({ length: 20 }, (_, i) => ({
          id: String(6000 + a * 20 + i),
          score: 0.5 - i / 100,
          together: 10,
          support: 0.1,
          confidence: 0.2,
          lift: 2,
        })),
      })),
    });
  }

  /** Every served neighbour that has facts is in the catalog; the catalog names nothing but anchors, neighbours, overrides and rule products. */
  async function expectExactCatalog(
    shop: string,
    inputs: Awaited<ReturnType<typeof loadOfferInputs>>,
    anchors: string[],
  ) {
    const neighbours = inputs!.neighbours.map((neighbour) => neighbour.id);
    const withFacts = new Set(
      (
        await prisma.product.findMany({
          where: { shop, id: { in: neighbours.map(BigInt) }, deletedAt: null },
          select: { id: true },
        })
      ).map((row) => String(row.id)),
    );
    const catalog = inputs!.catalog.map((product) => product.id);
    expect(catalog).toEqual(expect.arrayContaining(neighbours.filter((id) => withFacts.has(id))));
    const ruleProducts = [String(TABLETS), String(MACHINE_PRO), String(GRINDER_PRO)];
    const overrides = inputs!.overrides.flatMap((override) => [override.productId, override.otherProductId]);
    for (const id of catalog) expect([...anchors, ...neighbours, ...ruleProducts, ...overrides], id).toContain(id);
    expect(catalog).toEqual([...catalog].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
  }

  it("come with the one statement for a product page, and from a second read for a cart whose lists are long", async () => {
    const shop = uniqueShop();
    await seedListedShop(shop);
    const page = await loadOfferInputs(
      shop,
      { surface: "product", productId: 5000n, cart: [], now: NOW },
      { catalogPool: false },
    );
    expect(page!.neighbours.map((neighbour) => neighbour.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(6000 + i)),
    );
    await expectExactCatalog(shop, page, ["5000"]);

    // Five warm products list 100 products: more than the statement brings; the 20 served are read after.
    const cart = [0, 1, 2, 3, 4].map((i) => ({ variantId: (5000n + BigInt(i)) * 10n, quantity: 1 }));
    const drawer = await loadOfferInputs(shop, { surface: "drawer", cart, now: NOW }, { catalogPool: false });
    expect(drawer!.neighbours).toHaveLength(20);
    expect(drawer!.context.cart.map((line) => line.productId)).toEqual(["5000", "5001", "5002", "5003", "5004"]);
    await expectExactCatalog(shop, drawer, ["5000", "5001", "5002", "5003", "5004"]);
  });

  it("leave out a listed product that was deleted, and include a cold product's catalogue neighbours", async () => {
    const shop = uniqueShop();
    await seedListedShop(shop);
    await prisma.product.update({ where: { shop_id: { shop, id: 6001n } }, data: { deletedAt: NOW } });
    const page = await loadOfferInputs(
      shop,
      { surface: "product", productId: 5000n, cart: [], now: NOW },
      { catalogPool: false },
    );
    expect(page!.catalog.map((product) => product.id)).not.toContain("6001");
    await expectExactCatalog(shop, page, ["5000"]);

    // 6050 has no history: its neighbours are catalogue neighbours (same product type), whose facts no statement listed.
    const cold = await loadOfferInputs(
      shop,
      { surface: "product", productId: 6050n, cart: [], now: NOW },
      { catalogPool: false },
    );
    expect(cold!.neighbours.length).toBeGreaterThan(0);
    expect(cold!.neighbours.every((neighbour) => neighbour.source === "catalog")).toBe(true);
    await expectExactCatalog(shop, cold, ["6050"]);
  });
});

describe("offersFor", () => {
  it("loads the catalog pool only when the engine reaches the catalog fallback, with the same offers as loading it up front", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    await prisma.product.create({
      data: {
        shop,
        id: 3001n,
        title: "Descaler",
        handle: "descaler",
        productType: "Care",
        vendor: "Pairwise Demo",
        tags: ["espresso"],
        collectionIds: [1n],
        sourceUpdatedAt: NOW,
      },
    });
    await prisma.variant.create({
      data: { shop, id: 30010n, productId: 3001n, title: "Default Title", price: "15.00" },
    });
    const visitor = "visitor-not-in-holdout-1";

    // Machine page, all kinds: the rule, the upgrade and neighbours fill the three slots.
    const full = { surface: "product" as const, productId: MACHINE, cart: [], visitorId: visitor, now: NOW };
    // Five slots: the neighbours run out, the fallback fills the rest from the pool.
    const short = { ...full, kinds: ["cross_sell" as const], limit: 5 };
    await prisma.shopSettings.update({ where: { shop }, data: { maxOffersPerSurface: 5, holdoutShare: 0 } });

    for (const request of [full, short]) {
      const lazy = await offersFor(shop, request);
      const eager = selectOffers((await loadOfferInputs(shop, request))!);
      expect(lazy!.result.offers).toEqual(eager.offers);
      expect(lazy!.result.trace).toEqual(eager.trace);
    }
    const lazyShort = await offersFor(shop, short);
    expect(lazyShort!.result.catalogFallback).toBe(true);
    expect(lazyShort!.result.offers.map((offer) => offer.products[0].productId)).toContain("3001");
    expect(lazyShort!.inputs.catalog.map((product) => product.id)).toContain("3001");

    await prisma.shopSettings.update({ where: { shop }, data: { maxOffersPerSurface: 1 } });
    const lazyFull = await offersFor(shop, full);
    expect(lazyFull!.result.catalogFallback).toBe(false);
    expect(lazyFull!.inputs.catalog.map((product) => product.id)).not.toContain("3001");
  });
});
