// `npm run db:seed` as a user runs it: a process of its own against DATABASE_URL.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import prisma from "../db.server";
import { DEMO_SHOP } from "../dev/demo-catalog";

describe("npm run db:seed", () => {
  // Rerunning is the seed's own business (app/dev/seed.server.test.ts); this is the command's wiring.
  it("writes the demo shop with its orders and learned recommendations", async () => {
    {
      const result = spawnSync(process.execPath, ["--import", "tsx", "app/cli/seed.ts"], {
        env: { ...process.env },
        encoding: "utf8",
        timeout: 170_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Seeded pairwise-demo\.myshopify\.com: \d+ products, \d+ variants, 3000 orders/);
    }
    expect(await prisma.order.count({ where: { shop: DEMO_SHOP } })).toBe(3000);
    expect(
      await prisma.productStat.count({ where: { shop: DEMO_SHOP, NOT: { neighbours: { equals: [] } } } }),
    ).toBeGreaterThan(0);
  });
});
