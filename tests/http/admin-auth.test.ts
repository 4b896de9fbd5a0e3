// Admin requests authenticate with App Bridge session tokens (HS256 JWTs signed with the app
// secret); local admin mode is unreachable unless enabled, outside production, on loopback.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { isLocalAdminRequest } from "../../app/shopify/local-admin.server";
import { parseEnv } from "../../app/env.server";
import { REMOTE_ADDRESS_HEADER } from "../../app/server/remote-address.server";
import { ensureShop } from "../../app/shops/shop.server";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { sessionToken } from "../../app/dev/shopify-stand-in/signing";
import { TEST_API_KEY, TEST_API_SECRET, testEnv } from "../setup/test-env";

const app = startTestAppServer();
// Shopify's library answers bots with 410; App Bridge requests come from a browser.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

async function installedShop() {
  const shop = uniqueShop();
  await ensureShop(shop);
  await prisma.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      accessToken: "offline-token",
      scope: "read_products,read_orders,read_all_orders,read_customers,read_discounts,write_discounts,write_app_proxy",
    },
  });
  return shop;
}

describe("session tokens", () => {
  it("accepts a token signed with the app secret", async () => {
    const shop = await installedShop();
    const token = sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop });
    const response = await fetch(`${app.url()}/app`, {
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Orders ingested");
  });

  it.each([
    ["signed with another secret", { secret: "someone-elses-secret" }],
    ["for another app", { apiKey: "another-app" }],
    ["expired", { now: Math.floor(Date.now() / 1000) - 3600 }],
  ])("rejects a token %s with 401", async (_label, override) => {
    const shop = await installedShop();
    const token = sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop, ...override });
    const response = await fetch(`${app.url()}/app`, {
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER },
    });
    expect(response.status).toBe(401);
  });

  it("rejects a tampered token (payload changed after signing) with 401", async () => {
    const shop = await installedShop();
    const [header, , signature] = sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop }).split(".");
    const forged = Buffer.from(
      JSON.stringify({
        iss: `https://victim.myshopify.com/admin`,
        dest: "https://victim.myshopify.com",
        aud: TEST_API_KEY,
        exp: 9999999999,
        nbf: 0,
        iat: 0,
      }),
    ).toString("base64url");
    const response = await fetch(`${app.url()}/app`, {
      headers: { Authorization: `Bearer ${header}.${forged}.${signature}`, "User-Agent": BROWSER },
    });
    expect(response.status).toBe(401);
  });

  it("does not serve the admin without a token", async () => {
    const response = await fetch(`${app.url()}/app`, { redirect: "manual", headers: { "User-Agent": BROWSER } });
    expect(response.status).not.toBe(200);
  });
});

describe("local admin mode guard", () => {
  /** A request as the HTTP server hands it to Remix: with the socket's remote address. */
  const request = (url: string, remoteAddress = "127.0.0.1") =>
    new Request(url, { headers: { [REMOTE_ADDRESS_HEADER]: remoteAddress } });

  it("is off unless enabled", () => {
    expect(
      isLocalAdminRequest(request("http://localhost:3000/app"), {
        PAIRWISE_LOCAL_ADMIN: false,
        NODE_ENV: "development",
      }),
    ).toBe(false);
  });

  it("only answers loopback hosts", () => {
    const on = { PAIRWISE_LOCAL_ADMIN: true, NODE_ENV: "development" } as const;
    expect(isLocalAdminRequest(request("http://localhost:3000/app"), on)).toBe(true);
    expect(isLocalAdminRequest(request("http://127.0.0.1:3000/app"), on)).toBe(true);
    expect(isLocalAdminRequest(request("https://pairwise.example.com/app"), on)).toBe(false);
    expect(isLocalAdminRequest(request("http://10.0.0.5:3000/app"), on)).toBe(false);
    // The raw Host header counts, not only the URL Express made of it (it reads this one as localhost).
    const tricked = new Request("http://localhost:3100/app", {
      headers: { [REMOTE_ADDRESS_HEADER]: "127.0.0.1", host: "localhost:3100@evil.example.com" },
    });
    expect(isLocalAdminRequest(tricked, on)).toBe(false);
    const plain = new Request("http://localhost:3100/app", {
      headers: { [REMOTE_ADDRESS_HEADER]: "127.0.0.1", host: "localhost:3100" },
    });
    expect(isLocalAdminRequest(plain, on)).toBe(true);
  });

  it("only answers callers on loopback, whatever their Host says", () => {
    const on = { PAIRWISE_LOCAL_ADMIN: true, NODE_ENV: "development" } as const;
    expect(isLocalAdminRequest(request("http://localhost:3000/app", "::1"), on)).toBe(true);
    expect(isLocalAdminRequest(request("http://localhost:3000/app", "::ffff:127.0.0.1"), on)).toBe(true);
    for (const remote of ["192.0.2.7", "10.0.0.5", "::ffff:10.0.0.5", "2001:db8::1", "", "localhost"]) {
      expect(isLocalAdminRequest(request("http://localhost:3000/app", remote), on), remote).toBe(false);
    }
    // A request that did not come through the HTTP server (no recorded address) is not let in either.
    expect(isLocalAdminRequest(new Request("http://localhost:3000/app"), on)).toBe(false);
  });

  it("is never on in production, even if the parsed env says otherwise", () => {
    const on = { PAIRWISE_LOCAL_ADMIN: true, NODE_ENV: "production" } as const;
    expect(isLocalAdminRequest(request("http://localhost:3000/app"), on)).toBe(false);
  });

  it("the environment check refuses it in production with a field-by-field message", () => {
    expect(() =>
      parseEnv({ ...testEnv, DATABASE_URL: "postgresql://x/y", NODE_ENV: "production", PAIRWISE_LOCAL_ADMIN: "1" }),
    ).toThrow(/PAIRWISE_LOCAL_ADMIN: must not be set in production/);
  });

  it("an admin request whose Host is not loopback gets no local session even when enabled", async () => {
    // This server runs with the flag off; the predicate is what guards the enabled case (above).
    const response = await fetch(`${app.url()}/app`, {
      redirect: "manual",
      headers: { Host: "evil.example", "User-Agent": BROWSER },
    });
    expect(response.status).not.toBe(200);
  });
});

describe("the /auth routes a merchant may land on outside Shopify admin", () => {
  const get = (path: string) =>
    fetch(`${app.url()}${path}`, { headers: { "User-Agent": BROWSER }, redirect: "manual" });

  it("/auth/login shows a shop-domain form, says what is wrong with a bad one, and starts OAuth for a good one", async () => {
    const page = await get("/auth/login");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Shop domain");
    const invalid = await fetch(`${app.url()}/auth/login`, {
      method: "POST",
      headers: { "User-Agent": BROWSER, "Content-Type": "application/x-www-form-urlencoded", Origin: app.url() },
      body: "shop=not a shop",
    });
    expect(invalid.status).toBe(200);
    expect(await invalid.text()).toContain("Enter a valid shop domain");
    const start = await get("/auth/login?shop=pairwise-login.myshopify.com");
    expect([301, 302, 303, 307]).toContain(start.status);
    // Into Shopify admin (admin.shopify.com/store/pairwise-login/…), which installs or opens the app.
    expect(start.headers.get("location")).toMatch(/pairwise-login/);
  });

  it("/auth/exit-iframe to a destination off the app's host is a 400, not a 500", async () => {
    const response = await get(
      `/auth/exit-iframe?shop=pairwise-login.myshopify.com&exitIframe=${encodeURIComponent("https://evil.example/")}`,
    );
    expect(response.status).toBe(400);
  });
});
