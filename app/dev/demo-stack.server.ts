// Everything `npm run demo` runs, in one process: a local Postgres (unless DATABASE_URL is set), the
// migrated and seeded demo shop, the Admin API stand-in, the job worker, the app in local admin
// mode and the demo storefront. The browser test starts this same stack.
import path from "node:path";
import { assertLocalAdminBinding } from "../shopify/local-admin.server";
import { createPrismaClient } from "../db.server";
import { migrate } from "../db/migrate.server";
import { startAppServer, type AppServer } from "../server/http.server";
import { DEMO_SHOP } from "./demo-catalog";
import { createDatabase, startLocalPostgres, type LocalPostgres } from "./local-postgres.server";
import { startMailCatcher } from "./mail-catcher.server";
import { seedDemoShop } from "./seed.server";
import { startShopifyMocks } from "./shopify-stand-in";

export interface DemoStack {
  adminUrl: string;
  storefrontUrl: string;
  databaseUrl: string;
  seeded: boolean;
  close(): Promise<void>;
}

export async function startDemoStack(options: {
  host?: string;
  /**
   * Which app bundle serves the admin: "development" (Vite, the demo's default: edits apply live) or
   * "production" (the `npm run build` output merchants run; browser tests use it, so no dependency
   * optimiser can re-bundle under a page mid-test). Local admin mode works with both: it depends on
   * NODE_ENV, which stays "development" here.
   */
  appBuild?: "development" | "production";
  port?: number;
  storefrontPort?: number;
  postgresPort?: number;
  dataDir?: string;
  reseed?: boolean;
  log?: (line: string) => void;
}): Promise<DemoStack> {
  const host = options.host ?? "127.0.0.1";
  // The demo runs in local admin mode, which serves loopback only: refuse another host before starting anything.
  assertLocalAdminBinding(host, { PAIRWISE_LOCAL_ADMIN: true });
  const log = options.log ?? (() => {});
  let localPostgres: LocalPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    log("Starting the project's own PostgreSQL (DATABASE_URL is not set)…");
    localPostgres = await startLocalPostgres({
      dataDir: options.dataDir ?? path.resolve(".data/postgres"),
      port: options.postgresPort ?? 54329,
      persistent: true,
    });
    await createDatabase(localPostgres.adminUrl, "pairwise");
    databaseUrl = localPostgres.urlFor("pairwise");
  }
  await migrate(databaseUrl);

  const port = options.port ?? 3000;
  // Local admin mode and demo credentials; an explicitly set environment wins (tests set their own).
  process.env.DATABASE_URL = databaseUrl;
  process.env.SHOPIFY_API_KEY ??= "pairwise-demo-api-key";
  process.env.SHOPIFY_API_SECRET ??= "pairwise-demo-api-secret";
  process.env.SHOPIFY_APP_URL ??= `http://localhost:${port}`;
  process.env.PAIRWISE_LOCAL_ADMIN = "1";
  process.env.PAIRWISE_LOCAL_SHOP = DEMO_SHOP;
  if (process.env.NODE_ENV === "production") {
    throw new Error("The demo stack never runs with NODE_ENV=production.");
  }
  // The demo is a development server, also when a test starts it under vitest (NODE_ENV=test):
  // the server render and the browser bundle must agree, and some libraries switch to test
  // doubles on "test" (Polaris Viz fakes its ResizeObserver with a 500×500 box).
  process.env.NODE_ENV = "development";

  // App modules read the environment when they load: import them only now that it is set.
  const { startWorker } = await import("../jobs/worker.server");
  const { rebuildRecommendations } = await import("../recommender/store/pair-stats.server");
  const { closeMailTransports } = await import("../email/mailer.server");

  const prisma = createPrismaClient(databaseUrl);
  const existing = await prisma.shop.findUnique({ where: { shop: DEMO_SHOP }, select: { shop: true } });
  let seeded = false;
  if (!existing || options.reseed) {
    log("Seeding the demo shop…");
    const counts = await seedDemoShop(prisma);
    log(`Seeded ${counts.products} products, ${counts.variants} variants, ${counts.orders} orders.`);
    await prisma.shopSettings.update({ where: { shop: DEMO_SHOP }, data: { emailEnabled: true } });
    const rebuilt = await rebuildRecommendations(prisma, DEMO_SHOP);
    log(
      `Learned ${rebuilt.stats.pairs} product pairs; ${rebuilt.neighbours.withNeighbours} products have recommendations.`,
    );
    seeded = true;
  }

  const mocks = startShopifyMocks();
  // Upsell emails go to a loopback SMTP server; each message is also saved under .data/mail.
  const mail = await startMailCatcher({ saveTo: path.resolve(".data/mail") });
  process.env.SMTP_URL ??= mail.url;
  process.env.EMAIL_FROM ??= "Pairwise demo <no-reply@pairwise.localhost>";
  const worker = await startWorker(databaseUrl, 2);
  const app: AppServer = await startAppServer({ mode: options.appBuild ?? "development", host, port });
  // The storefront stand-in renders the theme extension's real blocks and plays the app proxy.
  const { startStorefrontHarness } = await import("./storefront-harness/harness");
  const storefront = await startStorefrontHarness({
    shop: DEMO_SHOP,
    appUrl: app.url,
    apiSecret: process.env.SHOPIFY_API_SECRET,
    host,
    port: options.storefrontPort ?? port + 1,
  });

  return {
    adminUrl: `${app.url.replace("127.0.0.1", "localhost")}/app`,
    storefrontUrl: storefront.url.replace("127.0.0.1", "localhost"),
    databaseUrl,
    seeded,
    close: async () => {
      await storefront.close();
      await app.close();
      await worker.stop();
      mocks.close();
      closeMailTransports();
      await mail.close();
      await prisma.$disconnect();
      await localPostgres?.stop();
    },
  };
}
