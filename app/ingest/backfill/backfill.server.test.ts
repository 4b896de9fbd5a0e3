// History backfill end to end against the bulk operation stand-in: start, poll, stream the JSONL,
// ingest through the same path as webhooks; progress reported; a crashed import resumes.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startShopifyMocks } from "../../dev/shopify-stand-in";
import prisma from "../../db.server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP, demoOrders } from "../../dev/demo-catalog";
import { drainJobs } from "../../jobs/worker.server";
import * as backfillOrders from "./backfill-orders.server";
import {
  IMPORT_BATCH,
  importBackfill,
  latestBackfill,
  pollBackfill,
  requestBackfill,
  startBackfill,
} from "./backfill.server";
import { adminClientForShop } from "../../shopify/admin-api.server";
import { ensureShop } from "../../shops/shop.server";
import { storedPairCount, storedPairCounts } from "../../recommender/store/pair-storage.server";

// More orders than one import batch, so the resume test crosses a checkpoint.
const history = demoOrders({ count: IMPORT_BATCH + 50 });
const mocks = startShopifyMocks({ ordersFor: (shop) => (shop === DEMO_SHOP ? history : []) });
afterAll(() => mocks.close());

async function drainUntilIdle() {
  // Jobs queue jobs (start → poll → import → ingest); a few rounds settle them.
  for (let round = 0; round < 6; round++) await drainJobs(process.env.DATABASE_URL!);
}

beforeAll(async () => {
  process.env.BULK_POLL_INTERVAL_MS = "0";
  await ensureShop(DEMO_SHOP);
  await prisma.session.create({
    data: { id: `offline_${DEMO_SHOP}`, shop: DEMO_SHOP, state: "", isOnline: false, accessToken: DEMO_ACCESS_TOKEN },
  });
});

describe("history backfill", () => {
  it("imports every past order through a bulk operation, with progress", async () => {
    await requestBackfill(DEMO_SHOP, { days: null });
    await drainUntilIdle();
    const run = await latestBackfill(DEMO_SHOP);
    expect(run).toMatchObject({ status: "COMPLETED", error: null });
    expect(run!.rowsTotal).toBe(history.length + history.reduce((sum, order) => sum + order.lines.length, 0));
    expect(run!.rowsDone).toBe(run!.rowsTotal);
    expect(await prisma.order.count({ where: { shop: DEMO_SHOP } })).toBe(history.length);
    const counted = history.filter(
      (order) => !order.test && !order.cancelledAt && order.financialStatus !== "refunded",
    );
    expect(await prisma.order.count({ where: { shop: DEMO_SHOP, counted: true } })).toBe(counted.length);
    expect(await storedPairCount(prisma, DEMO_SHOP)).toBeGreaterThan(0);
  });

  it("starts one run at a time, however many requests arrive together", async () => {
    const results = await Promise.all([1, 2, 3].map(() => requestBackfill(DEMO_SHOP, { days: 30 })));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.run.id)).size).toBe(1);
    await drainUntilIdle();
    expect((await latestBackfill(DEMO_SHOP))!.status).toBe("COMPLETED");
  });

  it("a second import of the same history changes nothing", async () => {
    const before = await storedPairCounts(DEMO_SHOP);
    await requestBackfill(DEMO_SHOP, { days: null });
    await drainUntilIdle();
    const after = await storedPairCounts(DEMO_SHOP);
    expect(after).toEqual(before);
    expect(await prisma.order.count({ where: { shop: DEMO_SHOP } })).toBe(history.length);
  });

  it("resumes a crashed import from its checkpoint instead of starting over", async () => {
    const realSave = backfillOrders.saveBackfilledOrders;
    const save = vi.spyOn(backfillOrders, "saveBackfilledOrders");
    let calls = 0;
    save.mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error("worker crashed mid-import");
      return realSave(...args);
    });
    // The job chain, step by step (the jobs call exactly these), so the crash point is deterministic.
    const {
      run: { id },
    } = await requestBackfill(DEMO_SHOP, { days: null });
    const admin = await adminClientForShop(DEMO_SHOP);
    await startBackfill(DEMO_SHOP, id, admin);
    await pollBackfill(DEMO_SHOP, id, admin); // RUNNING
    await pollBackfill(DEMO_SHOP, id, admin); // COMPLETED: ready to import
    await expect(importBackfill(DEMO_SHOP, id, admin)).rejects.toThrow("worker crashed mid-import");
    const crashed = await latestBackfill(DEMO_SHOP);
    expect(crashed).toMatchObject({ status: "IMPORTING", rowsDone: crashed!.cursor });
    expect(crashed!.cursor).toBeGreaterThan(0);

    await importBackfill(DEMO_SHOP, id, admin); // the retry
    const run = await latestBackfill(DEMO_SHOP);
    expect(run).toMatchObject({ status: "COMPLETED", rowsDone: run!.rowsTotal });
    // Batches handed to the save: the first (saved), the second (crashed, rolled back), then the
    // retry, which starts at the checkpoint after the first batch: only the last 50 orders again.
    expect(save.mock.calls.map((call) => call[2].length)).toEqual([IMPORT_BATCH, 50, 50]);
    save.mockRestore();
  });
});
