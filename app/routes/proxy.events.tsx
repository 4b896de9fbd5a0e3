// Offer events from the storefront widgets (navigator.sendBeacon → /apps/pairwise/events →
// /proxy/events). The shop comes from the verified proxy signature, never from the body. Bounded:
// a small body, at most 20 events per beacon, and a per-visitor, per-IP and per-shop rate (the
// visitor id is the client's choice; the IP is the one Shopify forwards, shopper-address.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticateAppProxy } from "../shopify/app-proxy.server";
import { env } from "../env.server";
import { recordOfferEvents } from "../analytics/offer-events.server";
import { takeRateLimits } from "../server/rate-limit.server";
import { badRequest, eventsBodySchema, MAX_EVENTS_BODY_BYTES } from "../offers/storefront/proxy-schemas";
import { shopperAddress } from "../offers/storefront/shopper-address.server";

/** Per minute: events per visitor, per IP (room for a few shoppers behind one NAT), and per shop. Counted in Postgres, so the same for any number of app processes. */
const PER_VISITOR = 120;
const PER_IP = 600;
const PER_SHOP = 20_000;

const noContent = (status = 204, text?: string) =>
  new Response(text ?? null, { status, headers: { "Cache-Control": "no-store" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = authenticateAppProxy(request);
  if (request.method !== "POST") return noContent(405);

  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_EVENTS_BODY_BYTES) return noContent(413, "Payload too large");
  const text = await readCapped(request, MAX_EVENTS_BODY_BYTES);
  if (text === null) return noContent(413, "Payload too large");

  let json: unknown;
  try {
    json = JSON.parse(text); // sendBeacon posts text/plain (no CORS preflight), so the type is not checked
  } catch {
    return noContent(400, "Invalid request: body must be JSON");
  }
  const parsed = eventsBodySchema.safeParse(json);
  if (!parsed.success) return badRequest(parsed.error);
  const { visitor, events } = parsed.data;

  const limits = [
    { key: `visitor:${visitor}`, limit: PER_VISITOR },
    { key: "shop", limit: PER_SHOP },
  ];
  const address = shopperAddress(request, env().PAIRWISE_FORWARDED_HOPS);
  if (address) limits.push({ key: `ip:${address}`, limit: PER_IP });
  if (!(await takeRateLimits(shop, limits, { cost: events.length, windowMs: 60_000 })))
    return noContent(429, "Too many events");
  await recordOfferEvents(
    shop,
    visitor,
    events.map((event) => ({
      type: event.type,
      surface: event.surface,
      offerId: event.offer,
      offerKind: event.kind,
      ruleId: event.rule,
      productId: event.product,
      offeredProductId: event.offered,
    })),
  );
  return noContent();
};

// GET is not an events endpoint; answer plainly instead of Remix's "no loader" error.
export const loader = async ({ request }: ActionFunctionArgs) => {
  authenticateAppProxy(request);
  return noContent(405);
};

/** The body as text, or null as soon as it exceeds `max` bytes (a missing Content-Length is no way around the cap). */
async function readCapped(request: Request, max: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
