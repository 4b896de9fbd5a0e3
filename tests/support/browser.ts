// Debian's chromium driven by playwright-core. Without chromium, browser tests skip with a clear
// message on a developer's machine and fail in CI (where .ci/run installs it).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  const message = `Browser tests need chromium at ${CHROMIUM_PATH} (Debian: apt-get install -y chromium).`;
  if (process.env.CI) throw new Error(message);
  console.warn(`Skipping browser tests: ${message}`);
}

export const ARTIFACTS_DIR = path.resolve("tests/artifacts");

/** Playwright's waits (actions, navigations, locators): minutes, for a machine busy with other work. */
export const BROWSER_WAIT_MS = 120_000;

export async function launchChromium(): Promise<Browser> {
  const browser = await launchBrowser();
  // Every context (browser.newPage makes one too) gets the generous default instead of 30 s.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(BROWSER_WAIT_MS);
    context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
    return context;
  };
  return browser;
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Collects console errors and uncaught page errors, the signal that a page is broken. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  // caret "initial": by default Playwright hides carets by setting an inline style on every input.
  // On a page React is still hydrating (a slow, cold dev server), that attribute makes React warn
  // "Extra attributes from the server: style", and the test fails on a console error it caused.
  await page.screenshot({ path: file, fullPage: true, caret: "initial" });
  return file;
}
