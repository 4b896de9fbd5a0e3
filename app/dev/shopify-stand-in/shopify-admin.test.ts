// The Admin API stand-in, called through real `fetch` with the MSW server running, as the app calls it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SetupServer } from "msw/node";
import { DEMO_ACCESS_TOKEN, DEMO_PRODUCTS, DEMO_SCOPES, DEMO_SHOP } from "../demo-catalog";
import {
  CATALOG_PRODUCTS_QUERY,
  SHOP_INFO_QUERY,
  type CatalogProductNode,
  type CatalogProductsData,
  type ShopInfoData,
} from "../../shopify/graphql/catalog";
import { adminApiRequests, clearAdminApiRequests, startShopifyMocks } from "./index";

const API_VERSION = "2025-10";
const GRAPHQL_URL = `https://${DEMO_SHOP}/admin/api/${API_VERSION}/graphql.json`;
const TOKEN_URL = `https://${DEMO_SHOP}/admin/oauth/access_token`;
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";

interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: {
    cost: { requestedQueryCost: number; actualQueryCost: number; throttleStatus: Record<string, number> };
  };
}

async function graphql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string | null; url?: string } = {},
): Promise<{ status: number; body: GraphqlResponse<T> }> {
  const token = options.token === undefined ? DEMO_ACCESS_TOKEN : options.token;
  const response = await fetch(options.url ?? GRAPHQL_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token === null ? {} : { "X-Shopify-Access-Token": token }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlResponse<T> };
}

/** A session-token-shaped JWT (unsigned: the stand-in does not verify it, the app already has). */
function sessionToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.signature`;
}

async function requestToken(body: Record<string, unknown>, url = TOKEN_URL) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ client_id: "api-key", client_secret: "api-secret", ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const exchange = (requestedTokenType: string, extra: Record<string, unknown> = {}, url?: string) =>
  requestToken(
    {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: sessionToken({ sub: "4242", dest: `https://${DEMO_SHOP}` }),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: requestedTokenType,
      ...extra,
    },
    url,
  );

let server: SetupServer;
beforeAll(() => {
  server = startShopifyMocks();
});
afterAll(() => server.close());
beforeEach(() => clearAdminApiRequests());

describe("Admin GraphQL stand-in", () => {
  it("answers ShopInfo in Shopify's shape, with the query cost", async () => {
    const { status, body } = await graphql<ShopInfoData>(SHOP_INFO_QUERY);
    expect(status).toBe(200);
    expect(body.data).toEqual({
      shop: {
        name: "Pairwise Demo Coffee",
        myshopifyDomain: DEMO_SHOP,
        currencyCode: "USD",
        primaryDomain: { url: `https://${DEMO_SHOP}` },
        ianaTimezone: expect.any(String),
        currencyFormats: { moneyFormat: "${{amount}}" },
      },
      shopLocales: [{ locale: "en", primary: true, published: true }],
    });
    expect(body.extensions?.cost).toMatchObject({
      requestedQueryCost: expect.any(Number),
      actualQueryCost: expect.any(Number),
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
  });

  it("pages through every product with first/after and GIDs, money as strings", async () => {
    const nodes: CatalogProductNode[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response = await graphql<CatalogProductsData>(CATALOG_PRODUCTS_QUERY, { first: 10, after });
      const products: CatalogProductsData["products"] = response.body.data!.products;
      expect(products.nodes.length).toBeLessThanOrEqual(10);
      nodes.push(...products.nodes);
      after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
      pages++;
    } while (after !== null && pages < 20);

    expect(pages).toBe(Math.ceil(DEMO_PRODUCTS.length / 10));
    expect(nodes.map((node) => node.id)).toEqual(DEMO_PRODUCTS.map((product) => `gid://shopify/Product/${product.id}`));

    const tamper = nodes.find((node) => node.handle === "tamper")!;
    expect(tamper).toMatchObject({ title: "Tamper", productType: "Tamper", status: "ACTIVE" });
    expect(tamper.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(tamper.collections.nodes[0].id).toMatch(/^gid:\/\/shopify\/Collection\/\d+$/);
    expect(tamper.variants.nodes).toHaveLength(3);
    expect(tamper.variants.nodes[0]).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/ProductVariant\/\d+$/),
      price: "39.00",
      availableForSale: true,
      position: 1,
      selectedOptions: [{ name: "Size", value: "51mm" }],
    });
    const soldOut = nodes.flatMap((node) => node.variants.nodes).filter((variant) => !variant.availableForSale);
    expect(soldOut.length).toBeGreaterThan(0);
    for (const variant of soldOut) expect(variant.inventoryQuantity).toBe(0);

    // The log shows what the app asked for, page by page.
    expect(adminApiRequests.map((request) => request.operationName)).toEqual(Array(pages).fill("CatalogProducts"));
    expect(adminApiRequests[0]).toMatchObject({
      shop: DEMO_SHOP,
      apiVersion: API_VERSION,
      status: 200,
      variables: { first: 10, after: null },
    });
    expect(adminApiRequests[1].variables).toMatchObject({ after: expect.any(String) });
  });

  it("refuses a page whose requested cost exceeds Shopify's 1000-point limit, and bad cursors", async () => {
    const tooBig = await graphql(CATALOG_PRODUCTS_QUERY, { first: 50 });
    expect(tooBig.status).toBe(200);
    expect(tooBig.body.errors?.[0].extensions?.code).toBe("MAX_COST_EXCEEDED");
    const badCursor = await graphql(CATALOG_PRODUCTS_QUERY, { first: 5, after: "not-a-cursor" });
    expect(badCursor.body.errors?.[0].message).toMatch(/cursor/i);
  });

  it("answers an unknown operation with a GraphQL error and status 200, as Shopify does", async () => {
    const { status, body } = await graphql("#graphql\nquery Orders { orders(first: 1) { nodes { id } } }");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toContain('"Orders"');
  });

  it("answers 401 without a token, with a wrong one, and with another shop's token", async () => {
    const expected = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
    const missing = await graphql(SHOP_INFO_QUERY, {}, { token: null });
    expect(missing).toEqual({ status: 401, body: expected });
    const wrong = await graphql(SHOP_INFO_QUERY, {}, { token: "shpat_wrong" });
    expect(wrong).toEqual({ status: 401, body: expected });
    expect(adminApiRequests.map((request) => request.status)).toEqual([401, 401]);

    const other = "other-shop.myshopify.com";
    const { body } = await exchange(OFFLINE, {}, `https://${other}/admin/oauth/access_token`);
    const otherToken = String(body.access_token);
    expect((await graphql(SHOP_INFO_QUERY, {}, { token: otherToken })).status).toBe(401);
    const own = await graphql<ShopInfoData>(
      SHOP_INFO_QUERY,
      {},
      {
        token: otherToken,
        url: `https://${other}/admin/api/${API_VERSION}/graphql.json`,
      },
    );
    expect(own.body.data?.shop.myshopifyDomain).toBe(other);
  });

  it("fails loudly on a Shopify request no handler answers", async () => {
    await expect(fetch(`https://${DEMO_SHOP}/admin/api/${API_VERSION}/shop.json`)).rejects.toThrow();
  });
});

describe("OAuth token endpoint stand-in", () => {
  it("exchanges a session token for an offline token the GraphQL endpoint accepts", async () => {
    const { status, body } = await exchange(OFFLINE);
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: DEMO_SCOPES });
    const { status: graphqlStatus } = await graphql(SHOP_INFO_QUERY, {}, { token: String(body.access_token) });
    expect(graphqlStatus).toBe(200);
    // The client secret never lands in the log.
    expect(adminApiRequests[0]).toMatchObject({ endpoint: "access_token", body: { client_secret: "[masked]" } });
  });

  it("issues an online token for the session token's user", async () => {
    const { status, body } = await exchange(ONLINE);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      access_token: expect.any(String),
      scope: DEMO_SCOPES,
      expires_in: expect.any(Number),
      associated_user_scope: DEMO_SCOPES,
      associated_user: { id: 4242, account_owner: true, locale: "en", collaborator: false, email_verified: true },
    });
  });

  it("issues expiring offline tokens with a single-use refresh token", async () => {
    const { body } = await exchange(OFFLINE, { expiring: "1" });
    expect(body).toMatchObject({
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: expect.any(Number),
    });
    const refresh = () => requestToken({ grant_type: "refresh_token", refresh_token: body.refresh_token });
    const refreshed = await refresh();
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(body.access_token);
    expect((await refresh()).body).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a request without a session token", async () => {
    const { status, body } = await exchange(OFFLINE, { subject_token: "" });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: "invalid_subject_token" });
  });
});
