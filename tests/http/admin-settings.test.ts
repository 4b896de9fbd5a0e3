// Settings and Home over HTTP: guardrails and recommender parameters saved through the one schema
// (bad input 400 with field errors and nothing saved), the engine reading them, the rebuild and
// re-import jobs queued with their progress shown, and the home page's status.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { emptyRuleValues } from "../../app/rules/rule-form-schema";
import type { SettingsValues } from "../../app/settings/settings-schema";
import { loadOfferInputs } from "../../app/offers/serving/offer-inputs.server";
import { settingsToFormValues } from "../../app/settings/settings.server";
import { adminClient, installAdminShop, pageText } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { drainAllJobs } from "../support/jobs";
import { MACHINE, seedOfferShop } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";

const app = startTestAppServer();
const shopA = uniqueShop("settings-a");
const shopB = uniqueShop("settings-b");
const a = adminClient(app.url, shopA);

beforeAll(async () => {
  for (const shop of [shopA, shopB]) {
    await seedOfferShop(shop);
    await installAdminShop(shop);
  }
});

async function formValues(shop: string): Promise<SettingsValues> {
  return settingsToFormValues(await prisma.shopSettings.findUniqueOrThrow({ where: { shop } }));
}

async function jobKeys(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ key: string | null }[]>`SELECT key FROM graphile_worker.jobs`;
  return rows.map((row) => row.key ?? "");
}

describe("Settings", () => {
  it("shows the guardrails, the recommender and the data jobs", async () => {
    const response = await a.get("/app/settings");
    expect(response.status).toBe(200);
    const text = pageText(await response.text());
    for (const label of [
      "Guardrails",
      "Offers per surface",
      "Upgrade price ceiling",
      "Holdout group",
      "Similarity measure",
      "Half-life",
      "Widget texts",
      "Rebuild recommendations",
      "Re-import history",
    ]) {
      expect(text).toContain(label);
    }
  });

  it("saves valid settings (percentages stored as shares), which the engine then uses; a recommender change queues a rebuild", async () => {
    const values: SettingsValues = {
      ...(await formValues(shopA)),
      maxOffersPerSurface: "4",
      upgradePriceCeiling: "35",
      holdoutShare: "5",
      frequencyCapHours: "0",
      similarity: "cosine",
      halfLifeDays: "90",
      minSupport: "3",
      widgetTexts: { productHeading: "Goes well with", cartHeading: "", upgradeHeading: "", addButton: "" },
    };
    const before = JSON.stringify(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: shopB } }));
    const response = await a.post("/app/settings", { intent: "save", settings: values });
    expect(response.status).toBe(200);
    const stored = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: shopA } });
    expect(stored).toMatchObject({
      maxOffersPerSurface: 4,
      holdoutShare: 0.05,
      frequencyCapHours: 0,
      similarity: "cosine",
      halfLifeDays: 90,
      minSupport: 3,
    });
    expect(Number(stored.upgradePriceCeiling)).toBe(0.35);
    expect(stored.widgetTexts).toEqual({ productHeading: "Goes well with" });
    expect(await jobKeys()).toContain(`rebuild-recommendations:${shopA}`);

    const inputs = await loadOfferInputs(shopA, { surface: "product", productId: MACHINE, cart: [], now: new Date() });
    expect(inputs!.guardrails).toEqual({
      maxOffersPerSurface: 4,
      upgradePriceCeiling: 0.35,
      relevanceThreshold: 0.05,
      frequencyCapHours: 0,
      holdoutShare: 0.05,
    });
    // Only this shop's row changed.
    expect(JSON.stringify(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: shopB } }))).toBe(before);
    // The form shows what was saved.
    expect(await formValues(shopA)).toEqual(values);
  });

  it("answers bad input with 400 and the fields' errors, and saves nothing", async () => {
    const before = JSON.stringify(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: shopA } }));
    const values = {
      ...(await formValues(shopA)),
      maxOffersPerSurface: "50",
      holdoutShare: "lots",
      relevanceThreshold: "2",
      similarity: "magic",
    };
    const response = await a.post("/app/settings", { intent: "save", settings: values });
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toContain("At most 10");
    expect(text).toContain("Enter a number");
    expect(text).toContain("At most 1");
    expect(JSON.stringify(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: shopA } }))).toBe(before);
  });

  it("queues a rebuild that the worker runs, and shows when it was built", async () => {
    await drainAllJobs();
    expect((await a.post("/app/settings", { intent: "rebuild" })).status).toBe(200);
    expect(await jobKeys()).toEqual([`rebuild-recommendations:${shopA}`]);
    // Asking twice while it is pending queues it once.
    expect((await a.post("/app/settings", { intent: "rebuild" })).status).toBe(200);
    expect(await jobKeys()).toHaveLength(1);
    expect(pageText(await (await a.get("/app/settings")).text())).toContain("Queued");

    await drainAllJobs();
    const state = await prisma.recommenderState.findUniqueOrThrow({ where: { shop: shopA } });
    expect(state.rebuiltAt).not.toBeNull();
    expect(pageText(await (await a.get("/app/settings")).text())).toContain("Last built");
  });

  it("starts one history import at a time, and shows its progress on Settings and Home", async () => {
    expect((await a.post("/app/settings", { intent: "reimport", days: "365" })).status).toBe(200);
    const run = await prisma.backfillRun.findFirstOrThrow({ where: { shop: shopA } });
    expect(run).toMatchObject({ status: "PENDING", kind: "orders:365d" });
    expect((await a.post("/app/settings", { intent: "reimport" })).status).toBe(409);
    expect(await prisma.backfillRun.count({ where: { shop: shopA } })).toBe(1);

    await prisma.backfillRun.update({
      where: { shop_id: { shop: shopA, id: run.id } },
      data: { status: "IMPORTING", rowsDone: 250, rowsTotal: 1000 },
    });
    const settings = await a.get("/app/settings");
    expect(pageText(await settings.text())).toContain("250 of 1,000 records");
    const home = pageText(await (await a.get("/app")).text());
    expect(home).toContain("Importing");
    expect(home).toContain("250 of 1,000 records");
  });
});

describe("Home", () => {
  it("says what works and what to do next, with deep links into the theme editor", async () => {
    await prisma.offerEvent.create({
      data: {
        shop: shopA,
        type: "impression",
        surface: "product",
        offerId: "pw_x",
        offerKind: "cross_sell",
        productId: MACHINE,
        offeredProductId: 1002n,
      },
    });
    const response = await a.get("/app");
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = pageText(html);
    expect(text).toContain("Setup guide");
    expect(text).toContain("Orders ingested");
    expect(text).toContain("Pairs found");
    expect(text).toContain("Offers shown");
    // The product-page block showed an offer: that step is done; the embed's is not.
    expect(text).toContain("Showing offers: last seen on a product page");
    expect(text).toContain("Enable embed");
    expect(text).toContain("Tamper with Espresso Machine");
    expect(html).toContain(
      `https://${shopA}/admin/themes/current/editor?context=apps&amp;activateAppId=test-api-key/cart-upsell`,
    );
    expect(html).toContain(
      `https://${shopA}/admin/themes/current/editor?template=product&amp;addAppBlockId=test-api-key/frequently-bought-together&amp;target=mainSection`,
    );
  });

  it("counts only this shop's rules", async () => {
    await a.post("/app/rules/new", {
      intent: "save",
      rule: {
        ...emptyRuleValues("CROSS_SELL"),
        name: "Any",
        trigger: { anyProduct: true, productIds: [], collectionIds: [], tags: [], vendors: [], productTypes: [] },
        offer: { productIds: [String(MACHINE)] },
      },
    });
    const own = await prisma.rule.count({ where: { shop: shopA } });
    expect(pageText(await (await a.get("/app")).text())).toContain(`${own} of ${own} rules enabled`);
  });
});
