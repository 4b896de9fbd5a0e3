// Starts the Shopify stand-ins in this Node process (tests, the demo server; decision 004). Requests to
// the app's own loopback server pass through; a request to Shopify that no handler answers fails loudly.
// The start order does not matter: app/shopify.server.ts makes Shopify's library look `fetch` up per call.
import { setupServer, type SetupServer } from "msw/node";
import { shopifyAdminHandlers, type ShopifyAdminMockOptions } from "./shopify-admin";
export {
  clearMockCustomersAndDiscounts,
  mockDiscounts,
  setMockCustomer,
  type MockCustomer,
  type MockDiscount,
} from "./customers-and-discounts";
export { clearMockOrders, setMockOrder, type MockOrder } from "./orders";

export {
  adminApiRequests,
  clearAdminApiRequests,
  shopifyAdminHandlers,
  type AdminApiRequestRecord,
  type ShopifyAdminMockOptions,
} from "./shopify-admin";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function isShopifyHost(host: string): boolean {
  return host.endsWith(".myshopify.com") || host === "shopify.com" || host.endsWith(".shopify.com");
}

export function startShopifyMocks(options: ShopifyAdminMockOptions = {}): SetupServer {
  const server = setupServer(...shopifyAdminHandlers(options));
  server.listen({
    onUnhandledRequest(request, print) {
      const host = new URL(request.url).hostname;
      if (LOOPBACK_HOSTS.has(host)) return;
      if (isShopifyHost(host)) print.error();
      else print.warning();
    },
  });
  return server;
}
