// Requests to the embedded admin's routes as Shopify admin sends them: an App Bridge session token
// for the shop (signed with the test app secret) and a browser's user agent. Actions take the JSON
// the admin forms submit.
import prisma from "../../app/db.server";
import { ensureShop } from "../../app/shops/shop.server";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";
import { sessionToken } from "../../app/dev/shopify-stand-in/signing";

// Shopify's library answers bots with 410; App Bridge requests come from a browser.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** The shop exists, with default settings and an offline session (what install leaves behind). */
export async function installAdminShop(shop: string): Promise<void> {
  await ensureShop(shop);
  await prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      accessToken: "offline-token",
      scope: "read_products,read_orders",
    },
    update: {},
  });
}

export interface AdminClient {
  get(path: string): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
}

export function adminClient(baseUrl: () => string, shop: string): AdminClient {
  const headers = () => ({
    Authorization: `Bearer ${sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop })}`,
    "User-Agent": BROWSER,
  });
  return {
    get: (path) => fetch(`${baseUrl()}${path}`, { headers: headers(), redirect: "manual" }),
    post: (path, body) =>
      fetch(`${baseUrl()}${path}`, {
        method: "POST",
        headers: { ...headers(), "Content-Type": "application/json" },
        body: JSON.stringify(body),
        redirect: "manual",
      }),
  };
}

/** A server-rendered page's text as a reader sees it: no tags, no React text separators, entities decoded. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
