// The webhook topics the app subscribes to (read from shopify.app.toml, so a new subscription is
// fuzzed without editing the suite) and a valid payload of each, shaped as Shopify sends it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { orderJson, productJson, refundJson } from "../../support/shopify-orders";

export interface Subscription {
  topic: string;
  uri: string;
  compliance: boolean;
}

export function subscriptions(root = process.cwd()): Subscription[] {
  const toml = readFileSync(path.join(root, "shopify.app.toml"), "utf8");
  const found: Subscription[] = [];
  for (const block of toml.split("[[webhooks.subscriptions]]").slice(1)) {
    const topics = /^\s*(compliance_topics|topics)\s*=\s*\[([^\]]*)\]/m.exec(block);
    const uri = /^\s*uri\s*=\s*"([^"]+)"/m.exec(block);
    if (!topics || !uri) continue;
    for (const topic of topics[2].split(",").map((quoted) => quoted.trim().replace(/^"|"$/g, ""))) {
      found.push({ topic, uri: uri[1], compliance: topics[1] === "compliance_topics" });
    }
  }
  return found;
}

const T = new Date("2026-11-02T10:00:00Z");

/** A valid payload of the topic for `shop`, ids as JSON numbers (as Shopify sends them). */
export function samplePayload(topic: string, shop: string): Record<string, unknown> {
  const shopId = 548380009;
  switch (topic) {
    case "app/uninstalled":
      return {
        id: shopId,
        name: "Fuzz shop",
        email: "owner@example.com",
        domain: shop,
        myshopify_domain: shop,
        plan_name: "basic",
      };
    case "app/scopes_update":
      return {
        id: 1,
        previous: ["read_products"],
        current: ["read_products", "read_orders"],
        updated_at: "2026-11-02T10:00:00-00:00",
      };
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return orderJson({
        id: 820982911946154,
        createdAt: T,
        updatedAt: T,
        customerId: 115310627,
        visitorId: "visitor-fuzz-0001",
        lines: [
          { id: 466157049, productId: 632910392 },
          { id: 518995019, productId: 921728736 },
        ],
      });
    case "orders/delete":
      return { id: 820982911946154 };
    case "refunds/create":
      return refundJson(820982911946154, { id: 509562969, lines: [{ lineItemId: 466157049, quantity: 1 }] });
    case "products/create":
    case "products/update":
      return productJson({ id: 632910392, updatedAt: T, variants: [{ id: 808950810, inventoryQuantity: 5 }] });
    case "products/delete":
      return { id: 632910392 };
    case "customers/create":
    case "customers/update":
      return {
        id: 706405506,
        email: "bob@example.com",
        first_name: "Bob",
        tags: "vip, newsletter",
        updated_at: "2026-11-02T10:00:00-00:00",
      };
    case "customers/delete":
      return { id: 706405506 };
    case "customers/data_request":
      return {
        shop_id: shopId,
        shop_domain: shop,
        orders_requested: [299938, 280263],
        customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
        data_request: { id: 9999 },
      };
    case "customers/redact":
      return {
        shop_id: shopId,
        shop_domain: shop,
        customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
        orders_to_redact: [299938, 280263],
      };
    case "shop/redact":
      return { shop_id: shopId, shop_domain: shop };
    default:
      throw new Error(`no sample payload for webhook topic ${topic}: add one to tests/fuzz/support/webhook-samples.ts`);
  }
}

/** Topics whose delivery goes to the webhook inbox, and the payload path of the inbox row's resource id. */
export const INBOX_RESOURCE_ID: Record<string, string> = {
  "orders/create": "id",
  "orders/updated": "id",
  "orders/cancelled": "id",
  "orders/delete": "id",
  "refunds/create": "order_id",
  "products/create": "id",
  "products/update": "id",
  "products/delete": "id",
};
