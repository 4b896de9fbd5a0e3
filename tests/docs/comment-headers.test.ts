// A file's leading comment says what it is for and why in at most four lines (issue #14); the long
// story belongs in docs/decisions. Checks every tracked .ts/.tsx/.js file under app/ and tests/.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MAX_LINES = 4;
/** Written by graphql-codegen, not by hand. */
const GENERATED = "app/shopify/graphql/types/";

/** Lines of the comment the file starts with: its `//` lines, or the text lines of a block comment. */
function headerLines(source: string): number {
  const lines = source.split("\n");
  let i = lines[0]?.startsWith("#!") ? 1 : 0;
  if (lines[i]?.startsWith("/*")) {
    let count = 0;
    for (; i < lines.length; i++) {
      if (!/^\s*\/?\*+\/?\s*$/.test(lines[i])) count++;
      if (lines[i].includes("*/")) return count;
    }
    return count;
  }
  let count = 0;
  while (lines[i + count]?.startsWith("//")) count++;
  return count;
}

const files = execFileSync("git", ["ls-files", "-z", "--", "app", "tests"], { cwd: ROOT, encoding: "utf8" })
  .split("\0")
  .filter((file) => /\.(ts|tsx|js)$/.test(file) && !file.startsWith(GENERATED))
  .filter((file) => existsSync(path.join(ROOT, file)));

const linesOf = (file: string) => headerLines(readFileSync(path.join(ROOT, file), "utf8"));

describe("comment headers", () => {
  it("counts `//` lines and the text lines of a block comment", () => {
    expect(headerLines("// one\n// two\nimport x;\n// not the header\n")).toBe(2);
    expect(headerLines("/**\n * one\n * two\n */\nexport {};\n")).toBe(2);
    expect(headerLines("/** one */\nexport {};\n")).toBe(1);
    expect(headerLines("#!/usr/bin/env node\n// one\n")).toBe(1);
    expect(headerLines("import x;\n")).toBe(0);
  });

  it(`are at most ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file, lines: linesOf(file) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long, `headers over ${MAX_LINES} lines (move the story to docs/decisions)`).toEqual([]);
  });
});
