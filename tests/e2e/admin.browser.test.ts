// The merchant admin in a real browser, in the demo's local admin mode (no App Bridge: the pickers
// are Polaris autocompletes over the shop's catalog): create a cross-sell and an upgrade rule through
// the forms, see them at work in Preview, visit every page without console errors, save screenshots
// (tests/artifacts/admin-*.png) and measure each page's largest contentful paint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { startDemoStack, type DemoStack } from "../../app/dev/demo-stack.server";
import { freePort } from "../../app/dev/local-postgres.server";
import { chromiumAvailable, collectPageErrors, launchChromium, saveScreenshot } from "../support/browser";

/** Generous waits: in the full suite this browser shares two CPUs with dev servers and Postgres. */
const poll = <T>(fn: () => T | Promise<T>, message?: string) =>
  expect.poll(fn, { timeout: 120_000, interval: 100, message });

declare global {
  interface Window {
    __lcp?: number;
  }
}

describe.skipIf(!chromiumAvailable)("merchant admin in a browser", () => {
  let stack: DemoStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let base: string;
  const lcp: Record<string, number> = {};
  /** The very first admin page a fresh demo server renders (Vite compiles everything on the way). */
  let coldStart = 0;

  beforeAll(async () => {
    stack = await startDemoStack({ port: await freePort(), storefrontPort: await freePort(), appBuild: "production" });
    base = stack.adminUrl.replace("localhost", "127.0.0.1").replace(/\/app$/, "");
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Largest contentful paint of every document load, read after the page settles.
    await context.addInitScript(() => {
      window.__lcp = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__lcp = entry.startTime;
      }).observe({ type: "largest-contentful-paint", buffered: true });
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    if (Object.keys(lcp).length > 0) {
      console.log(
        `Admin LCP in the demo, each page loaded in a fresh tab (the server's very first page: ${coldStart.toFixed(0)} ms, Vite compiling):\n${Object.entries(
          lcp,
        )
          .map(([name, value]) => `  ${name.padEnd(16)} ${value.toFixed(0).padStart(5)} ms`)
          .join("\n")}`,
      );
    }
    await context?.close();
    await browser?.close();
    await stack?.close();
  });

  /** Loads an admin page and waits for Remix to have hydrated it (links and forms work from then on). */
  async function open(path: string, target: Page = page) {
    const response = await target.goto(`${base}${path}`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    await target.waitForFunction(
      () =>
        (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state
          .initialized === true,
    );
  }

  /** Types into a Polaris autocomplete (local admin mode's picker) and picks the option with this exact name. */
  async function pick(label: string, search: string, option = search) {
    const field = page.getByRole("combobox", { name: label, exact: true });
    await field.click();
    await field.fill(search);
    await page.getByRole("listbox").getByRole("option", { name: option, exact: true }).click();
  }

  async function toast(text: string) {
    await poll(() => page.getByTestId("toast").textContent()).toContain(text);
  }

  it("creates a cross-sell rule through the form", async () => {
    await open("/app/rules");
    await poll(() => page.getByText("Offer the right product at the right moment").count()).toBe(1);
    coldStart = await page.evaluate(() => window.__lcp ?? 0);
    await saveScreenshot(page, "admin-rules-empty");
    await page.getByRole("link", { name: "Create cross-sell rule" }).first().click();
    await page.waitForURL(/\/app\/rules\/new\?kind=CROSS_SELL/);

    // Saving an empty form shows the errors next to their fields, and sends nothing.
    await page.getByRole("button", { name: "Save" }).first().click();
    await poll(() => page.getByText("Give the rule a name").count()).toBeGreaterThan(0);
    expect(await page.getByText("Choose at least one product to offer").count()).toBeGreaterThan(0);
    expect(await prisma.rule.count()).toBe(0);
    await saveScreenshot(page, "admin-rule-errors");

    await page.getByLabel("Name").fill("Espresso machines get the barista kit");
    await pick("Products", "Aria Home", "Aria Home Espresso Machine");
    await pick("Offered products", "Bottomless", "Bottomless Portafilter");
    await pick("Offered products", "Tamper Pro");
    await page.getByLabel("Discount on the offered product").selectOption("percentage");
    await page.getByLabel("Percent off").fill("10");
    await page.getByRole("button", { name: "Save" }).first().click();

    await page.waitForURL(/\/app\/rules\/(?!new)[^/?]+$/);
    await toast("Rule created");
    const rule = await prisma.rule.findFirstOrThrow({ where: { name: "Espresso machines get the barista kit" } });
    expect(rule).toMatchObject({ kind: "CROSS_SELL", discount: { type: "percentage", value: 10 } });
    expect((rule.offer as { productIds: string[] }).productIds).toHaveLength(2);
    await saveScreenshot(page, "admin-rule-cross-sell");
    expect(errors).toEqual([]);
  });

  it("creates an upgrade rule through the form", async () => {
    await open("/app/rules/new?kind=UPGRADE");
    await page.getByLabel("Name").fill("Burr Grinder to Pro");
    await pick("From product", "Burr Grinder", "Burr Grinder");
    await pick("To premium product", "Burr Grinder Pro");
    // The form shows the price step against the ceiling.
    await poll(() => page.getByText("$149.00 → $219.00 (+47%)").count()).toBe(1);
    await page.getByLabel("Why it’s worth it").fill("Steel burrs, 40 grind steps, half the noise");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.waitForURL(/\/app\/rules\/(?!new)[^/?]+$/);
    await toast("Rule created");
    expect(await prisma.rule.findFirstOrThrow({ where: { name: "Burr Grinder to Pro" } })).toMatchObject({
      kind: "UPGRADE",
      valueText: "Steel burrs, 40 grind steps, half the noise",
    });
    await saveScreenshot(page, "admin-rule-upgrade");

    // An edit shows the unsaved-changes banner until it is saved.
    await page.getByLabel("Priority").fill("5");
    await poll(() => page.getByText("Unsaved changes").count()).toBe(1);
    await page.getByRole("button", { name: "Save" }).first().click();
    await toast("Rule saved");
    await poll(() => page.getByText("Unsaved changes").count()).toBe(0);
    expect((await prisma.rule.findFirstOrThrow({ where: { name: "Burr Grinder to Pro" } })).priority).toBe(5);

    await open("/app/rules");
    for (const name of ["Espresso machines get the barista kit", "Burr Grinder to Pro"]) {
      expect(await page.getByRole("link", { name }).count()).toBe(1);
    }
    await saveScreenshot(page, "admin-rules");
    expect(errors).toEqual([]);
  });

  it("shows both rules at work in Preview, with the reasons", async () => {
    await open("/app/preview");
    await pick("Viewing product", "Aria Home", "Aria Home Espresso Machine");
    const productPage = page.getByTestId("surface-product");
    await poll(() => productPage.textContent()).toContain("Espresso machines get the barista kit");
    expect(await productPage.textContent()).toContain("Bottomless Portafilter");
    expect(await productPage.textContent()).toContain("10% off");

    await pick("Cart", "Burr Grinder", "Burr Grinder");
    const cartPage = page.getByTestId("surface-cart");
    await poll(() => cartPage.textContent()).toContain("Burr Grinder to Pro");
    expect(await cartPage.textContent()).toContain("Instead of Burr Grinder (+$70.00)");
    expect(await cartPage.textContent()).toContain("Steel burrs, 40 grind steps, half the noise");
    await saveScreenshot(page, "admin-preview");
    expect(errors).toEqual([]);
  });

  it("shows recommendations with their statistics, and pins a pair", async () => {
    await open("/app/recommendations");
    await pick("Product", "Aria Home", "Aria Home Espresso Machine");
    await page.waitForURL(/product=\d+/);
    await poll(() => page.getByText("Orders together").count()).toBeGreaterThan(0);
    expect(await page.getByText("Order history").count()).toBeGreaterThan(0);
    await pick("Pin another product", "Travel Mug", "Travel Mug");
    await toast("Pinned: always shown");
    await poll(() => page.locator(".Polaris-Badge", { hasText: "Pinned" }).count()).toBeGreaterThan(0);
    await saveScreenshot(page, "admin-recommendations");
    expect(await prisma.pairOverride.count({ where: { mode: "PIN" } })).toBe(1);
    expect(errors).toEqual([]);
  });

  it("shows settings and home without errors", async () => {
    await open("/app/settings");
    await poll(() => page.getByText("Rebuild recommendations").count()).toBeGreaterThan(0);
    await page.getByLabel("Offers per surface").fill("4");
    await page.getByRole("button", { name: "Save" }).first().click();
    await toast("Settings saved");
    await saveScreenshot(page, "admin-settings");

    await open("/app");
    await poll(() => page.getByText("Setup guide").count()).toBe(1);
    // The demo's simulated traffic has impressions, so the block step reads as done and links to the editor.
    expect(await page.getByRole("link", { name: "Open theme editor" }).first().getAttribute("href")).toContain(
      "addAppBlockId=",
    );
    await saveScreenshot(page, "admin-home");
    expect(errors).toEqual([]);
  });

  it("shows the analytics dashboard over the demo's month of offer traffic, with its charts", async () => {
    await open("/app/analytics");
    await poll(() => page.getByText("Revenue per day").count()).toBe(1);
    // The charts are loaded after hydration (a lazy chunk) and draw SVG into the reserved space.
    await poll(() => page.locator('[role="img"][aria-label="Revenue per day"] svg').count()).toBeGreaterThan(0);
    await poll(() => page.locator('[role="img"][aria-label="Conversion per day"] svg').count()).toBeGreaterThan(0);
    expect(await page.getByText("Revenue per visitor").count()).toBeGreaterThan(0);
    expect(await page.getByText("No data in this range").count()).toBe(0);
    await saveScreenshot(page, "admin-analytics");
    expect(errors).toEqual([]);
  });

  // Reported, not asserted: a time limit in a test measures the machine's load (the brief keeps
  // speed targets in benchmarks). What is asserted: every page paints its content, without errors.
  it("paints every admin page's largest content, and reports when", async () => {
    const product = await prisma.product.findFirstOrThrow({
      where: { title: "Aria Home Espresso Machine" },
      select: { id: true },
    });
    const rule = await prisma.rule.findFirstOrThrow({ select: { id: true } });
    const pages: Record<string, string> = {
      home: "/app",
      rules: "/app/rules",
      "rule edit": `/app/rules/${rule.id}`,
      "rule new": "/app/rules/new?kind=CROSS_SELL",
      recommendations: `/app/recommendations?product=${product.id}`,
      preview: `/app/preview?product=${product.id}`,
      settings: "/app/settings",
      analytics: "/app/analytics",
    };
    const measure = async (path: string) => {
      const fresh = await context.newPage();
      const pageErrors = collectPageErrors(fresh);
      await open(path, fresh);
      // The observer reports after the paint, later still on a busy machine: wait for the entry.
      await poll(
        () => fresh.evaluate(() => window.__lcp ?? 0),
        `${path}: a largest-contentful-paint entry`,
      ).toBeGreaterThan(0);
      const value = await fresh.evaluate(() => window.__lcp ?? 0);
      await fresh.close();
      expect(pageErrors).toEqual([]);
      return value;
    };
    for (const [name, path] of Object.entries(pages)) {
      lcp[name] = await measure(path);
    }
    for (const [name, value] of Object.entries(lcp)) {
      expect(value, `${name} LCP`).toBeGreaterThan(0);
    }
  });
});
