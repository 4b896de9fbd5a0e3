// Offer events through the app proxy: signed, validated, bounded, scoped by the signed shop.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startTestAppServer } from "../support/app-server";
import { seedOfferShop } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";
import { signAppProxyQuery } from "../../app/dev/shopify-stand-in/signing";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();

const event = (type = "impression") => ({
  type,
  surface: "product",
  offer: "pw_0123456789abcdef",
  kind: "cross_sell",
  product: "1001",
  offered: "1002",
});

function post(
  shop: string,
  body: string,
  options: { secret?: string; tamperShop?: string; forwardedFor?: string } = {},
) {
  let query = signAppProxyQuery(options.secret ?? TEST_API_SECRET, shop, new URLSearchParams()).toString();
  if (options.tamperShop) query = query.replace(`shop=${shop}`, `shop=${options.tamperShop}`);
  const headers: Record<string, string> = { "content-type": "text/plain;charset=UTF-8" };
  if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
  return fetch(`${app.url()}/proxy/events?${query}`, { method: "POST", headers, body });
}

/** The limits count per clock minute (in Postgres): start a flood well inside one. */
async function startOfMinute() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

describe("POST /proxy/events", () => {
  it("records the events for the signed shop, with the holdout flag derived server-side", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop, { holdoutShare: 1 });
    const response = await post(
      shop,
      JSON.stringify({ visitor: "visitor-abcdef12", events: [event(), event("add_to_cart")] }),
    );
    expect(response.status).toBe(204);
    const rows = await prisma.offerEvent.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.type, row.visitorId, row.offeredProductId, row.holdout])).toEqual([
      ["impression", "visitor-abcdef12", 1002n, true],
      ["add_to_cart", "visitor-abcdef12", 1002n, true],
    ]);
  });

  it("rejects bad or tampered signatures and writes nothing", async () => {
    const shop = uniqueShop();
    const victim = uniqueShop("victim");
    await seedOfferShop(victim);
    const body = JSON.stringify({ visitor: "visitor-abcdef12", events: [event()] });
    expect((await post(victim, body, { secret: "wrong" })).status).toBe(400);
    expect((await post(shop, body, { tamperShop: victim })).status).toBe(400);
    expect(await prisma.offerEvent.count({ where: { shop: victim } })).toBe(0);
  });

  it("rejects personal data, unknown fields and malformed bodies with 400", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const withEmail = await post(
      shop,
      JSON.stringify({ visitor: "visitor-abcdef12", events: [{ ...event(), email: "a@b.c" }] }),
    );
    expect(withEmail.status).toBe(400);
    expect(await withEmail.text()).toMatch(/email/);
    expect((await post(shop, "not json")).status).toBe(400);
    expect((await post(shop, JSON.stringify({ visitor: "short", events: [event()] }))).status).toBe(400);
    // Ids beyond Postgres bigint: refused at the boundary, not a 500 from the insert.
    const hugeId = await post(
      shop,
      JSON.stringify({ visitor: "visitor-abcdef12", events: [{ ...event(), offered: "9999999999999999999" }] }),
    );
    expect(hugeId.status).toBe(400);
    expect(await hugeId.text()).toMatch(/offered/);
    expect(await prisma.offerEvent.count({ where: { shop } })).toBe(0);
  });

  it("bounds size and rate: 413 for a large body, 400 for too many events, 429 past the per-visitor rate", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const large = await post(
      shop,
      JSON.stringify({ visitor: "visitor-abcdef12", events: [event()], pad: "x".repeat(9000) }),
    );
    expect(large.status).toBe(413);
    const tooMany = await post(
      shop,
      JSON.stringify({ visitor: "visitor-abcdef12", events: Array.from({ length: 21 }, () => event()) }),
    );
    expect(tooMany.status).toBe(400);
    await startOfMinute();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await post(
            shop,
            JSON.stringify({ visitor: "visitor-flooding", events: Array.from({ length: 20 }, () => event()) }),
          )
        ).status,
      );
    }
    expect(statuses.slice(0, 6)).toEqual([204, 204, 204, 204, 204, 204]);
    expect(statuses[6]).toBe(429);
    expect(await prisma.offerEvent.count({ where: { shop, visitorId: "visitor-flooding" } })).toBe(120);
  });

  it("rotating visitor ids from one IP hit the per-IP limit; what the shopper prepends to X-Forwarded-For changes nothing", async () => {
    const PER_IP = 600; // app/routes/proxy.events.tsx
    const shop = uniqueShop();
    await seedOfferShop(shop);
    await startOfMinute();
    const beacon = (i: number) =>
      JSON.stringify({ visitor: `rotating-visitor-${i}`, events: Array.from({ length: 20 }, () => event()) });
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP / 20; i++) {
      // Shopify appends the address it saw; anything before it is the client's own header.
      statuses.push((await post(shop, beacon(i), { forwardedFor: `10.${i}.0.1, 203.0.113.7` })).status);
    }
    expect(statuses.slice(0, PER_IP / 20)).toEqual(Array(PER_IP / 20).fill(204));
    expect(statuses.at(-1)).toBe(429);
    // Another shopper, elsewhere, is not affected.
    expect((await post(shop, beacon(999), { forwardedFor: "198.51.100.9" })).status).toBe(204);
    expect(await prisma.offerEvent.count({ where: { shop } })).toBe(PER_IP + 20);
  });
});
