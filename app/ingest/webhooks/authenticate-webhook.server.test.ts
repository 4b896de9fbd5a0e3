import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  FUTURE_SKEW_MS,
  REPLAY_WINDOW_MS,
  authenticateWebhook,
  isShopifySignature,
  triggeredAtProblem,
} from "./authenticate-webhook.server";

const SECRET = "unit-secret";
const sign = (body: string | Uint8Array) => createHmac("sha256", SECRET).update(body).digest("base64");

function request(body: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost/webhooks/shop/redact", {
    method: "POST",
    body,
    headers: {
      "X-Shopify-Hmac-Sha256": sign(body),
      "X-Shopify-Topic": "shop/redact",
      "X-Shopify-Shop-Domain": "a.myshopify.com",
      "X-Shopify-Webhook-Id": "w-1",
      ...headers,
    },
  });
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("authenticateWebhook", () => {
  it("verifies Shopify's signature of the raw bytes in constant time", () => {
    const bytes = new TextEncoder().encode('{"a":"é"}');
    expect(isShopifySignature(bytes, sign(bytes), SECRET)).toBe(true);
    expect(isShopifySignature(bytes, sign('{"a":"e"}'), SECRET)).toBe(false);
    expect(isShopifySignature(bytes, "short", SECRET)).toBe(false);
  });

  it("keeps a replay window as long as Shopify's retries, and a small skew into the future", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    expect(triggeredAtProblem(null, now)).toBeNull();
    expect(triggeredAtProblem(new Date(now - 48 * 3_600_000).toISOString(), now)).toBeNull();
    expect(triggeredAtProblem("2026-12-03T11:59:59.123456789Z", now)).toBeNull();
    expect(triggeredAtProblem(new Date(now - REPLAY_WINDOW_MS - 1000).toISOString(), now)).toMatch(/older/);
    expect(triggeredAtProblem(new Date(now + FUTURE_SKEW_MS + 1000).toISOString(), now)).toMatch(/future/);
    expect(triggeredAtProblem("yesterday", now)).toMatch(/not a timestamp/);
  });

  it("returns the body's exact payload, checked against the headers", async () => {
    const body = '{"shop_id":820982911946154508,"shop_domain":"a.myshopify.com"}';
    const webhook = await authenticateWebhook(request(body), "shop/redact", { secret: SECRET });
    expect(webhook).toMatchObject({
      shop: "a.myshopify.com",
      topic: "shop/redact",
      webhookId: "w-1",
      payload: { shop_id: "820982911946154508" },
    });

    expect(
      await status(
        authenticateWebhook(request(body, { "X-Shopify-Hmac-Sha256": sign("other") }), "shop/redact", {
          secret: SECRET,
        }),
      ),
    ).toBe(401);
    expect(
      await status(
        authenticateWebhook(request(body, { "X-Shopify-Shop-Domain": "b.myshopify.com" }), "shop/redact", {
          secret: SECRET,
        }),
      ),
    ).toBe(401);
    expect(
      await status(
        authenticateWebhook(request(body, { "X-Shopify-Topic": "customers/redact" }), "shop/redact", {
          secret: SECRET,
        }),
      ),
    ).toBe(401);
    expect(await status(authenticateWebhook(request(body), "customers/redact", { secret: SECRET }))).toBe(401);
    expect(
      await status(
        authenticateWebhook(request(body, { "X-Shopify-Shop-Domain": "not a shop" }), "shop/redact", {
          secret: SECRET,
        }),
      ),
    ).toBe(400);
    expect(
      await status(
        authenticateWebhook(request(body, { "X-Shopify-Webhook-Id": "" }), "shop/redact", { secret: SECRET }),
      ),
    ).toBe(400);
    expect(
      await status(
        authenticateWebhook(request('{"shop_domain":"a.myshopify.com","customer":{"id":1}}'), "shop/redact", {
          secret: SECRET,
        }),
      ),
    ).toBe(400);
    expect(await status(authenticateWebhook(request("\u{1F600}not json"), "shop/redact", { secret: SECRET }))).toBe(
      400,
    );
  });
});
