// The storefront pays for every byte: all blocks' JavaScript together stays within 5 KB gzipped,
// counted the way browsers download it (each file compressed on its own), and no file comes near
// Theme Check's 10 KB per-file limit for app blocks.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { EXTENSION_ROOT } from "./check-theme";

const BUDGET_BYTES = 5 * 1024;
const assets = path.join(EXTENSION_ROOT, "assets");
const scripts = readdirSync(assets).filter((name) => name.endsWith(".js"));

describe("storefront JavaScript budget", () => {
  it(`all blocks' scripts together are at most ${BUDGET_BYTES} bytes gzipped`, () => {
    const sizes = Object.fromEntries(
      scripts.map((name) => [name, gzipSync(readFileSync(path.join(assets, name)), { level: 9 }).length]),
    );
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("each script is well under the 10,000-byte app block limit, uncompressed", () => {
    for (const name of scripts) expect(readFileSync(path.join(assets, name)).length, name).toBeLessThan(9_000);
  });
});
