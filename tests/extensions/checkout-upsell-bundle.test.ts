// The checkout extension's compiled size. Shopify refuses UI extension bundles over 64 KB; Shopify
// CLI builds them with esbuild, so this builds the same way (bundled, minified, ESM) and checks the
// budget: both targets together (one extension, one script) and each alone.
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const EXTENSION_DIR = path.resolve("extensions/checkout-upsell");
const LIMIT = 64 * 1024;

async function bundleSize(contents: string): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: EXTENSION_DIR, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  return result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
}

describe("checkout-upsell bundle", () => {
  it(`stays under Shopify's ${LIMIT / 1024} KB limit`, async () => {
    const both = await bundleSize(
      `export { default as checkout } from "./src/Checkout.tsx";\nexport { default as thankYou } from "./src/ThankYou.tsx";`,
    );
    const checkout = await bundleSize(`export { default } from "./src/Checkout.tsx";`);
    const thankYou = await bundleSize(`export { default } from "./src/ThankYou.tsx";`);
    console.info(
      `checkout-upsell bundle (minified ESM): both targets ${both} B, checkout ${checkout} B, thank-you ${thankYou} B`,
    );
    expect(both).toBeLessThan(LIMIT);
    expect(checkout).toBeLessThan(LIMIT);
    expect(thankYou).toBeLessThan(LIMIT);
  });
});
