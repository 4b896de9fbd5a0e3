// The one webhook authentication, for every app/routes/webhooks.*.tsx (decision 015). The HMAC covers
// only the body, so: 401 unless the signature, the topic, the replay window and the shop the body names
// all hold; then 400 unless the body is UTF-8 JSON of the topic's shape. Ids are parsed exactly and
// text Postgres refuses is repaired (exact-json.ts).
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../../env.server";
import { parseExactJson } from "./exact-json";
import { WEBHOOK_TOPICS, type WebhookPayload, type WebhookTopic } from "./topics";

/** Shopify retries a failed delivery for up to 48 hours; an hour more for queues and clocks. */
export const REPLAY_WINDOW_MS = 49 * 60 * 60 * 1000;
/** How far in the future a trigger time may be: clock skew between Shopify and us. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface AuthenticatedWebhook<T extends WebhookTopic> {
  shop: string;
  topic: T;
  webhookId: string;
  apiVersion: string | null;
  payload: WebhookPayload<T>;
}

export interface WebhookAuthOptions {
  secret?: string;
  now?: () => number;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;

function isShopDomain(shop: string): boolean {
  const custom = env().SHOP_CUSTOM_DOMAIN;
  if (SHOP_DOMAIN.test(shop)) return true;
  return (
    custom !== undefined &&
    shop.endsWith(`.${custom}`) &&
    /^[a-z0-9][a-z0-9-]*$/.test(shop.slice(0, -custom.length - 1))
  );
}

function refuse(status: 400 | 401 | 405, reason: string): Response {
  return new Response(reason, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Logged: a request Shopify's signature vouches for was still refused (a bug on one side, or a replay). */
function refuseSigned(status: 400 | 401, reason: string, headers: Headers): Response {
  console.warn(
    `webhook refused (${status}): ${reason} [topic ${headers.get("x-shopify-topic")}, shop ${headers.get("x-shopify-shop-domain")}, id ${headers.get("x-shopify-webhook-id")}]`,
  );
  return refuse(status, reason);
}

export function isShopifySignature(rawBody: Uint8Array, hmacHeader: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("base64"));
  const given = Buffer.from(hmacHeader);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Why a trigger time is refused, or null when it is inside the window (or absent: older deliveries have none). */
export function triggeredAtProblem(header: string | null, now: number): string | null {
  if (header === null) return null;
  const at = Date.parse(header);
  if (Number.isNaN(at)) return "X-Shopify-Triggered-At is not a timestamp";
  if (at < now - REPLAY_WINDOW_MS) return "X-Shopify-Triggered-At is older than the replay window";
  if (at > now + FUTURE_SKEW_MS) return "X-Shopify-Triggered-At is in the future";
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Authenticates and validates a delivery to the route of `topic`; throws the refusal as a Response
 * (Remix sends a thrown Response as it is).
 */
export async function authenticateWebhook<T extends WebhookTopic>(
  request: Request,
  topic: T,
  options: WebhookAuthOptions = {},
): Promise<AuthenticatedWebhook<T>> {
  if (request.method !== "POST") throw refuse(405, "Method not allowed");
  const { headers } = request;
  const hmac = headers.get("x-shopify-hmac-sha256");
  if (!hmac) throw refuse(401, "Missing X-Shopify-Hmac-Sha256");
  const rawBody = new Uint8Array(await request.arrayBuffer());
  if (!isShopifySignature(rawBody, hmac, options.secret ?? env().SHOPIFY_API_SECRET)) throw refuse(401, "Invalid HMAC");

  const shop = headers.get("x-shopify-shop-domain") ?? "";
  const webhookId = headers.get("x-shopify-webhook-id") ?? "";
  if (headers.get("x-shopify-topic") !== topic) throw refuseSigned(401, `X-Shopify-Topic is not ${topic}`, headers);
  if (!isShopDomain(shop)) throw refuseSigned(400, "X-Shopify-Shop-Domain is not a shop domain", headers);
  if (webhookId === "" || webhookId.length > 255) throw refuseSigned(400, "Missing X-Shopify-Webhook-Id", headers);
  const stale = triggeredAtProblem(headers.get("x-shopify-triggered-at"), (options.now ?? Date.now)());
  if (stale) throw refuseSigned(401, stale, headers);

  let body: unknown;
  try {
    body = parseExactJson(utf8.decode(rawBody));
  } catch {
    throw refuseSigned(400, "Invalid webhook payload: not UTF-8 JSON", headers);
  }
  const spec = WEBHOOK_TOPICS[topic];
  const parsed = spec.schema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`)
      .join("; ");
    throw refuseSigned(400, `Invalid webhook payload: ${detail}`, headers);
  }
  const payload = parsed.data as WebhookPayload<T>;
  const shopOf = spec.shopOf as ((payload: WebhookPayload<T>) => string) | undefined;
  if (shopOf && shopOf(payload) !== shop)
    throw refuseSigned(401, "X-Shopify-Shop-Domain is not the shop the signed body names", headers);

  return { shop, topic, webhookId, apiVersion: headers.get("x-shopify-api-version"), payload };
}
