// The storefront in a real browser (Debian's chromium): the theme extension's blocks rendered from
// their Liquid on a Dawn-like page, talking to the real app through a signed app proxy.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { isHoldout } from "../../app/offers/engine/offer-id";
import { startTestAppServer } from "../support/app-server";
import { ARTIFACTS_DIR, chromiumAvailable, launchChromium } from "../support/browser";
import { layoutShifts, recordLayoutShifts } from "../support/layout-shifts";
import { GRINDER, MACHINE, MACHINE_PRO, seedOfferShop } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { startStorefrontHarness, type StorefrontHarness } from "../../app/dev/storefront-harness/harness";

/** Waits on a condition with a deadline for a busy machine (expect.poll's default is one second). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 120_000, interval: 100 });

const app = startTestAppServer();
const shop = uniqueShop("storefront");
let harness: StorefrontHarness;
let browser: Browser;

/** A visitor outside the 10% holdout, so the offers show. */
const visitorFor = (label: string) =>
  Array.from({ length: 100 }, (_, i) => `pw-${label}-${i}`).find((id) => !isHoldout(id, 0.1))!;

interface PageWatch {
  page: Page;
  context: BrowserContext;
  errors: string[];
  /** Every layout shift so far (tests/support/layout-shifts.ts), described by what moved. */
  layoutShifts: () => Promise<string[]>;
}

async function openProduct(handle: string, visitor: string): Promise<PageWatch> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript((id) => localStorage.setItem("pairwise_visitor", id), visitor);
  await recordLayoutShifts(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${harness.url}/products/${handle}`);
  return { page, context, errors, layoutShifts: () => layoutShifts(page) };
}

const cartLines = () =>
  harness.cart
    .state()
    .items.map((item) => ({ variant: item.variant_id, quantity: item.quantity, properties: item.properties }));

describe.skipIf(!chromiumAvailable)("storefront in chromium", () => {
  beforeAll(async () => {
    await seedOfferShop(shop);
    harness = await startStorefrontHarness({ appUrl: app.url(), shop, apiSecret: TEST_API_SECRET });
    browser = await launchChromium();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it("Bought together adds the selected items with their offer properties; the upgrade swaps the line; no layout shift", async () => {
    harness.cart.reset();
    const visitor = visitorFor("fbt");
    const { page, context, errors, layoutShifts } = await openProduct("espresso-machine", visitor);
    const fbt = page.locator("pairwise-fbt");
    await poll(() => fbt.locator(".pw-item").count()).toBe(4);
    await poll(() => fbt.getAttribute("aria-busy")).toBeNull();
    expect(await fbt.locator("legend").textContent()).toContain("Frequently bought together");
    expect(await fbt.locator(".pw-item__title").allTextContents()).toEqual([
      expect.stringContaining("Espresso Machine"),
      expect.stringContaining("Cleaning Tablets"),
      expect.stringContaining("Tamper"),
      expect.stringContaining("Milk Jug"),
    ]);
    // 400 + 12 + 30 + 20, less 10% of the tablets.
    expect(await fbt.locator("[data-pw-total]").textContent()).toBe("$460.80");
    expect(await fbt.locator("[data-pw-saving]").textContent()).toBe("$1.20");
    expect(await fbt.locator("[data-pw-saving-row]").isVisible()).toBe(true);

    // Keyboard and screen reader: every checkbox has a label, the jug's variant picker a name.
    await fbt.getByRole("checkbox", { name: /Tamper/ }).uncheck();
    await fbt.getByRole("combobox", { name: /Milk Jug/ }).selectOption({ label: "600 ml · $24.00" });
    expect(await fbt.locator("[data-pw-total]").textContent()).toBe("$434.80");

    await page.locator("pairwise-upgrade .pw-cta").waitFor();
    // The viewport only: a full-page screenshot resizes the viewport, which moves everything.
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "storefront-product.png") });

    await fbt.getByRole("button", { name: "Add selected to cart" }).click();
    await poll(() => harness.cart.state().items.length).toBe(3);
    const [machine, tablets, jug] = cartLines();
    expect(machine).toEqual({ variant: 2001, quantity: 1, properties: {} });
    expect(tablets.properties).toEqual({
      _pairwise_offer: expect.stringMatching(/^pw_[0-9a-f]{16}$/),
      _pairwise_surface: "product",
      _pairwise_kind: "cross_sell",
    });
    expect(jug).toMatchObject({
      variant: 2022,
      properties: { _pairwise_surface: "product", _pairwise_kind: "cross_sell" },
    });
    // The visitor attribute is set by a cart/update.js that follows the add (pairwise-core.js).
    await poll(() => harness.cart.state().attributes).toEqual({ _pairwise_visitor: visitor });
    await poll(() => fbt.locator("[data-pw-status]").textContent()).toBe("Added to your cart");

    // The drawer re-rendered from the cart change (Dawn's pub/sub).
    await page.locator("#cart-icon").click();
    await poll(() => page.locator("#CartDrawer-Items .cart-item").count()).toBe(3);

    // Upgrade block: the merchant's value text, the price step from Shopify's Liquid, one action.
    await page.locator("cart-drawer .drawer__close").click();
    const upgrade = page.locator("pairwise-upgrade");
    const cta = upgrade.getByRole("button", { name: "Upgrade to Espresso Machine Pro for +$160.00" });
    await cta.waitFor();
    expect(await upgrade.locator(".pw-upgrade__value").textContent()).toBe("Dual boiler: steam milk while you brew");
    await cta.click();
    await poll(() => cartLines().map((line) => line.variant)).toEqual([2041, 2022, 2061]);
    expect(cartLines()[2].properties).toMatchObject({ _pairwise_surface: "product", _pairwise_kind: "upgrade" });
    await page.locator("#cart-icon").click();
    await poll(() => page.locator("#CartDrawer-Items").textContent()).toContain("Espresso Machine Pro");
    // The drawer's own offers refreshed too: the machine is gone, so is its upgrade.
    const drawerOffers = page.locator("pairwise-cart-upsell");
    await poll(() => drawerOffers.locator(".pw-upgrade").count()).toBe(0);
    await poll(() => drawerOffers.locator(".pw-item").count()).toBeGreaterThan(0);

    // Beacons reached the app through the proxy: impressions, the add and the upgrade.
    await poll(async () =>
      (await prisma.offerEvent.findMany({ where: { shop, visitorId: visitor }, select: { type: true } }))
        .map((e) => e.type)
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        "add_to_cart",
        "add_to_cart",
        "add_to_cart",
        "click",
        "impression",
        "impression",
        "impression",
        "impression",
      ]),
    );

    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "storefront-cart-drawer.png") });
    expect(await layoutShifts()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the merchant's widget texts from Settings replace the default headings, as text, without layout shift", async () => {
    await prisma.shopSettings.update({
      where: { shop },
      data: { widgetTexts: { productHeading: "<b>Goes</b> well with", upgradeHeading: "Go pro" } },
    });
    try {
      const { page, context, errors, layoutShifts } = await openProduct("espresso-machine", visitorFor("texts"));
      const fbt = page.locator("pairwise-fbt");
      await poll(() => fbt.locator(".pw-item").count()).toBe(4);
      expect(await fbt.locator("legend").textContent()).toBe("<b>Goes</b> well with");
      expect(await fbt.locator("legend b").count()).toBe(0);
      const upgrade = page.locator("pairwise-upgrade");
      await upgrade.locator(".pw-cta").waitFor();
      expect(await upgrade.getByRole("heading").textContent()).toBe("Go pro");
      expect(await layoutShifts()).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await prisma.shopSettings.update({ where: { shop }, data: { widgetTexts: {} } });
    }
  });

  it("works under the app proxy path a merchant chose (the blocks' proxy_path), and shows titles with $& as written", async () => {
    // A merchant who changed the proxy URL in admin and set the same path in the blocks.
    const custom = await startStorefrontHarness({
      appUrl: app.url(),
      shop,
      apiSecret: TEST_API_SECRET,
      proxyPath: "/tools/cross-sell",
    });
    await prisma.product.update({
      where: { shop_id: { shop, id: MACHINE_PRO } },
      data: { title: "Espresso Machine Pro $& $'" },
    });
    const visitor = visitorFor("custom-proxy");
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      await context.addInitScript((id) => localStorage.setItem("pairwise_visitor", id), visitor);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      page.on("pageerror", (error) => errors.push(error.message));
      const proxied: string[] = [];
      page.on("request", (request) => proxied.push(new URL(request.url()).pathname));
      await page.goto(`${custom.url}/products/espresso-machine`);

      const fbt = page.locator("pairwise-fbt");
      await poll(() => fbt.locator(".pw-item").count()).toBe(4);
      const upgrade = page.locator("pairwise-upgrade");
      await upgrade.getByRole("button", { name: "Upgrade to Espresso Machine Pro $& $' for +$160.00" }).waitFor();
      await poll(async () =>
        (await prisma.offerEvent.findMany({ where: { shop, visitorId: visitor }, select: { type: true } })).map(
          (e) => e.type,
        ),
      ).toContain("impression");
      expect(proxied.filter((pathname) => pathname.startsWith("/tools/cross-sell/"))).toEqual(
        expect.arrayContaining(["/tools/cross-sell/offers", "/tools/cross-sell/events"]),
      );
      expect(proxied.filter((pathname) => pathname.startsWith("/apps/"))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await custom.close();
      await prisma.product.update({
        where: { shop_id: { shop, id: MACHINE_PRO } },
        data: { title: "Espresso Machine Pro" },
      });
    }
  });

  it("the cart drawer upsell refreshes on a theme add and swaps a line for its upgrade", async () => {
    harness.cart.reset();
    const { page, context, errors, layoutShifts } = await openProduct("grinder", visitorFor("drawer"));
    await page.getByRole("button", { name: "Add to cart", exact: true }).click();
    const drawer = page.locator("cart-drawer");
    await poll(() => drawer.getAttribute("class")).toContain("active");

    const upsell = drawer.locator("pairwise-cart-upsell");
    const cta = upsell.getByRole("button", { name: "Upgrade to Grinder Pro for +$60.00" });
    await cta.waitFor();
    expect(await upsell.getByRole("heading").textContent()).toBe("You may also like");
    expect(await upsell.getByRole("button", { name: /^Add: Cleaning Tablets/ }).count()).toBe(1);

    await cta.click();
    await poll(() => cartLines().map((line) => line.variant)).toEqual([2081]);
    expect(cartLines()[0].properties).toMatchObject({ _pairwise_surface: "drawer", _pairwise_kind: "upgrade" });
    await poll(() => drawer.locator("#CartDrawer-Items").textContent()).toContain("Grinder Pro");
    expect(Number(GRINDER)).toBeGreaterThan(Number(MACHINE)); // the seeded ids the assertions rely on
    // The drawer's offers refreshed for the new cart (the refresh that arrives late on a slow phone).
    await poll(() => upsell.locator(".pw-upgrade").count()).toBe(0);
    await poll(() => upsell.locator(".pw-item").count()).toBeGreaterThan(0);

    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "storefront-drawer.png") });
    // Nothing moved, not even after the clicks: the offers keep one height in a bottom-pinned drawer.
    expect(await layoutShifts()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
