// The one shopifyApp(): authentication for admin, webhooks, app proxy and checkout requests, the
// session storage, and the Admin API clients.
import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db.server";
import { env } from "./env.server";
import { authenticateLocalAdmin, isLocalAdminRequest } from "./shopify/local-admin.server";
import { SessionStorage } from "./shopify/session-storage.server";
import { SCOPES } from "./scopes";
import { enqueue } from "./jobs/queue.server";
import { latestBackfill, requestBackfill } from "./ingest/backfill/backfill.server";
import { ensureShop } from "./shops/shop.server";

export { SCOPES };

// The node adapter keeps the `fetch` that existed when it was imported; look it up per call instead,
// so an interceptor installed later (the Admin API stand-in of the demo and tests) still sees calls.
setAbstractFetchFunc((input, init) => globalThis.fetch(input, init));

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.October26,
  scopes: (config.SCOPES ?? SCOPES).split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new SessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  // The library logs one Info line per authenticated request ("Authenticating app proxy request"):
  // at the storefront's request rate that is a log line per product view. Warnings and errors only,
  // except in development.
  logger: { level: config.NODE_ENV === "development" ? LogSeverity.Info : LogSeverity.Warning },
  hooks: {
    // On install (and re-auth): make sure the shop exists, import its catalog in the background,
    // and on first install its recent order history.
    afterAuth: async ({ session }) => {
      await ensureShop(session.shop);
      await enqueue("sync-catalog", { shop: session.shop }, { jobKey: `sync-catalog:${session.shop}` });
      if (!(await latestBackfill(session.shop))) await requestBackfill(session.shop);
    },
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;

type AdminContext = Awaited<ReturnType<typeof shopify.authenticate.admin>>;

/**
 * `authenticate` is shopify.authenticate, except that in local admin mode (the demo, never in
 * production) admin requests from loopback are authenticated as the local demo shop.
 */
export const authenticate = {
  ...shopify.authenticate,
  admin: async (request: Request): Promise<AdminContext> => {
    if (isLocalAdminRequest(request, config)) {
      // The local context carries the same admin client and session; App Bridge-only parts are stubs.
      return (await authenticateLocalAdmin(
        request,
        config.PAIRWISE_LOCAL_SHOP,
        unauthenticated,
      )) as unknown as AdminContext;
    }
    return shopify.authenticate.admin(request);
  },
};
