// The demo as a newcomer sees it: `npm run demo`'s stack, the admin and the storefront opened in
// a real browser, with no console errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startDemoStack, type DemoStack } from "../../app/dev/demo-stack.server";
import { chromiumAvailable, collectPageErrors, launchChromium, saveScreenshot } from "../support/browser";
import { freePort } from "../../app/dev/local-postgres.server";
import { isHoldout } from "../../app/offers/engine/offer-id";

/** The demo shop's holdout share: the default of ShopSettings.holdoutShare. */
const DEMO_HOLDOUT_SHARE = 0.1;

describe.skipIf(!chromiumAvailable)("demo in a browser", () => {
  let stack: DemoStack;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    stack = await startDemoStack({ port, storefrontPort: await freePort(), appBuild: "production" });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("seeds the demo shop into the database it was given", () => {
    expect(stack.seeded).toBe(true);
    expect(stack.databaseUrl).toBe(process.env.DATABASE_URL);
  });

  it("opens the admin home in local admin mode", async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    const response = await page.goto(stack.adminUrl.replace("localhost", "127.0.0.1"), { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByText("Orders ingested").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: /Pairwise for Pairwise Demo Coffee/ }).count()).toBe(1);
    await saveScreenshot(page, "demo-admin-home");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens the storefront catalog and a product page with the learned recommendations", async () => {
    // The widgets' visitor id is random, and one visitor in ten is in the holdout (no offers by
    // design): the test is a visitor outside it, as the storefront browser test is.
    const visitor = Array.from({ length: 100 }, (_, i) => `pw-demo-${i}`).find(
      (id) => !isHoldout(id, DEMO_HOLDOUT_SHARE),
    )!;
    const page = await browser.newPage();
    await page.addInitScript((id) => localStorage.setItem("pairwise_visitor", id), visitor);
    const errors = collectPageErrors(page);
    await page.goto(stack.storefrontUrl.replace("localhost", "127.0.0.1"), { waitUntil: "networkidle" });
    const links = page.locator("main a[href^='/products/']");
    expect(await links.count()).toBeGreaterThan(20);
    await page.getByRole("link", { name: "Aria Home Espresso Machine", exact: true }).click();
    await page.waitForLoadState("networkidle");
    expect(await page.locator("h1").count()).toBe(1);
    // The demo seed's orders were learned: the machine's planted complements are offered.
    const fbt = page.locator("pairwise-fbt");
    await expect.poll(() => fbt.locator(".pw-item").count(), { timeout: 120_000 }).toBeGreaterThan(1);
    expect((await fbt.locator(".pw-item__title").allTextContents()).join(" ")).toMatch(/Tamper|Milk Jug|Descaler/);
    await saveScreenshot(page, "demo-storefront-product");
    expect(errors).toEqual([]);
    await page.close();
  });
});
