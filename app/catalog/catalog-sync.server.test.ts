// Catalog sync against the Admin API stand-in (Shopify's documented shapes), into a real Postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { DEMO_PRODUCTS } from "../dev/demo-catalog";
import { adminApiRequests, clearAdminApiRequests, startShopifyMocks } from "../dev/shopify-stand-in";
import { idFromGid, syncCatalog, syncShopInfo } from "./catalog-sync.server";
import type { AdminGraphqlClient } from "../shopify/admin-api.server";
import { DEMO_ACCESS_TOKEN } from "../dev/demo-products";

const SHOP = "pairwise-demo.myshopify.com";
const mocks = startShopifyMocks();
afterAll(() => mocks.close());

/** A minimal Admin client over fetch, as the library's is: POST graphql.json with the token. */
function adminClient(token = DEMO_ACCESS_TOKEN): AdminGraphqlClient {
  return {
    graphql: (query, options) =>
      fetch(`https://${SHOP}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query, variables: options?.variables }),
      }),
  };
}

describe("catalog sync", () => {
  beforeAll(() => clearAdminApiRequests());

  it("parses numeric ids from GIDs", () => {
    expect(idFromGid("gid://shopify/Product/8000000000001")).toBe(8000000000001n);
    expect(() => idFromGid("8000000000001")).toThrow(/Not a Shopify GID/);
  });

  it("copies shop facts and every product, variant and collection", async () => {
    await syncShopInfo(SHOP, adminClient());
    const seen = await syncCatalog(SHOP, adminClient());
    expect(seen).toBe(DEMO_PRODUCTS.length);
    const shop = await prisma.shop.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(shop.currencyCode).toBe("USD");
    expect(await prisma.product.count({ where: { shop: SHOP } })).toBe(DEMO_PRODUCTS.length);
    const variants = DEMO_PRODUCTS.reduce((sum, product) => sum + product.variants.length, 0);
    expect(await prisma.variant.count({ where: { shop: SHOP } })).toBe(variants);

    const sample = DEMO_PRODUCTS[0];
    const stored = await prisma.product.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: sample.id } } });
    expect(stored.title).toBe(sample.title);
    expect(stored.collectionIds.length).toBeGreaterThan(0);
    expect(adminApiRequests.some((request) => request.operationName === "CatalogProducts")).toBe(true);
  });

  it("is idempotent and does not overwrite a newer stored version", async () => {
    const sample = DEMO_PRODUCTS[1];
    await prisma.product.update({
      where: { shop_id: { shop: SHOP, id: sample.id } },
      data: { title: "Newer title from a webhook", sourceUpdatedAt: new Date("2999-01-01") },
    });
    await syncCatalog(SHOP, adminClient());
    const stored = await prisma.product.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: sample.id } } });
    expect(stored.title).toBe("Newer title from a webhook");
    expect(await prisma.product.count({ where: { shop: SHOP } })).toBe(DEMO_PRODUCTS.length);
  });

  it("fails with the Admin API's error on a bad token", async () => {
    await expect(syncCatalog(SHOP, adminClient("wrong-token"))).rejects.toThrow(/Invalid API key or access token/);
  });
});
