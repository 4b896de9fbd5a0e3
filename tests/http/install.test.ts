// Installing on a shop: the first admin request with a session token exchanges it for an offline
// token (Shopify's token exchange, answered by the stand-in), stores the session, and queues the
// catalog import, which reads the Admin API into Postgres.
import { afterAll, describe, expect, it } from "vitest";
import { adminApiRequests, startShopifyMocks } from "../../app/dev/shopify-stand-in";
import prisma from "../../app/db.server";
import { DEMO_PRODUCTS, DEMO_SHOP, demoOrders } from "../../app/dev/demo-catalog";
import { drainJobs } from "../../app/jobs/worker.server";
import { startTestAppServer } from "../support/app-server";
import { sessionToken } from "../../app/dev/shopify-stand-in/signing";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";

// A short order history keeps the backfill that install starts quick.
const mocks = startShopifyMocks({ ordersFor: () => demoOrders({ count: 20 }) });
afterAll(() => mocks.close());
const app = startTestAppServer();
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

describe("install", () => {
  it("exchanges the session token, stores the offline session and imports the catalog", async () => {
    const token = sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop: DEMO_SHOP });
    const response = await fetch(`${app.url()}/app`, {
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER },
    });
    expect(response.status).toBe(200);
    expect(adminApiRequests.some((request) => request.url.endsWith("/admin/oauth/access_token"))).toBe(true);
    const sessions = await prisma.session.findMany({ where: { shop: DEMO_SHOP } });
    expect(sessions.some((session) => !session.isOnline && session.accessToken.length > 0)).toBe(true);

    await drainJobs(process.env.DATABASE_URL!);
    expect(await prisma.product.count({ where: { shop: DEMO_SHOP } })).toBe(DEMO_PRODUCTS.length);
    const shop = await prisma.shop.findUniqueOrThrow({ where: { shop: DEMO_SHOP } });
    expect(shop.name).toBe("Pairwise Demo Coffee");
    // The first install also imports the last 60 days of orders through a bulk operation.
    const backfill = await prisma.backfillRun.findFirstOrThrow({ where: { shop: DEMO_SHOP } });
    expect(backfill.kind).toBe("orders:60d");
    expect(adminApiRequests.some((request) => request.operationName === "BulkRunQuery")).toBe(true);
  });
});
