// The production build that browser and production-server tests run. `npm test` builds it first;
// a bare `npx vitest run` builds it here once when it is missing (never from two test files at once).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensureProductionBuild(): void {
  if (existsSync("build/server/index.js")) return;
  console.log("No production build: running `npm run build` once for the browser tests…");
  const result = spawnSync("npm", ["run", "build"], { encoding: "utf8", timeout: 600_000 });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}
