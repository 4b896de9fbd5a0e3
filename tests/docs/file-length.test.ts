// Small files with one job (issue #14): a file in app/ over 400 lines says at its top why it stays
// long ("Over 400 lines on purpose"), or it is split. Generated files are exempt.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LIMIT = 400;

it(`every app/ file over ${LIMIT} lines says why at its top`, () => {
  const files = execFileSync("git", ["ls-files", "app"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((file) => /\.(ts|tsx|js)$/.test(file) && !file.startsWith("app/shopify/graphql/types/"));
  const unexplained = files.filter((file) => {
    const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
    return lines.length > LIMIT && !lines.slice(0, 6).some((line) => line.includes("Over 400 lines on purpose"));
  });
  expect(unexplained, "split these files, or say at the top why they stay long").toEqual([]);
});
