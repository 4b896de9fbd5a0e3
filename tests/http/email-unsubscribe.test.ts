// The unsubscribe link of the post-purchase emails, over HTTP: a confirmation page on GET, the
// unsubscribe on POST (the page's button, or a mail client's RFC 8058 one-click POST), and 400 with
// nothing changed for a token that does not verify.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { unsubscribeToken } from "../../app/email/unsubscribe-token.server";
import { ensureShop } from "../../app/shops/shop.server";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";

const app = startTestAppServer();

async function shopWithPendingEmail(customerId: bigint, locale = "en") {
  const shop = uniqueShop("unsub");
  await ensureShop(shop);
  await prisma.shop.update({ where: { shop }, data: { name: "Demo Coffee", primaryLocale: locale } });
  await prisma.emailSend.create({
    data: { shop, orderId: 1n, customerId, scheduledFor: new Date(Date.now() + 3_600_000) },
  });
  return shop;
}

const url = (token: string) => `${app.url()}/email/unsubscribe?token=${encodeURIComponent(token)}`;
const oneClick = (token: string) =>
  fetch(url(token), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });

describe("GET /email/unsubscribe", () => {
  it("asks for confirmation and changes nothing (link scanners follow links)", async () => {
    const shop = await shopWithPendingEmail(77n);
    const response = await fetch(url(unsubscribeToken({ shop, customerId: 77n })));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    expect(html).toContain("Stop receiving product suggestions by email from Demo Coffee?");
    expect(html).toMatch(
      /<form method="post" action="\?token=[^"]+"><button type="submit">Unsubscribe<\/button><\/form>/,
    );
    expect(await prisma.emailSuppression.count({ where: { shop } })).toBe(0);
  });

  it("speaks the shop's language", async () => {
    const shop = await shopWithPendingEmail(77n, "fr");
    const html = await (await fetch(url(unsubscribeToken({ shop, customerId: 77n })))).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Se désabonner");
  });
});

describe("POST /email/unsubscribe", () => {
  it("one-click: records the unsubscribe once and stops the customer's pending emails", async () => {
    const shop = await shopWithPendingEmail(77n);
    const token = unsubscribeToken({ shop, customerId: 77n });
    const first = await oneClick(token);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("You are unsubscribed");
    expect((await oneClick(token)).status).toBe(200);
    expect(
      await prisma.emailSuppression.findMany({ where: { shop }, select: { customerId: true, reason: true } }),
    ).toEqual([{ customerId: 77n, reason: "unsubscribed" }]);
    expect(await prisma.emailSend.findFirst({ where: { shop }, select: { status: true, skipReason: true } })).toEqual({
      status: "SKIPPED",
      skipReason: "unsubscribed",
    });
  });

  it("answers 400 to a tampered, truncated or foreign token and changes nothing", async () => {
    const shop = await shopWithPendingEmail(77n);
    const token = unsubscribeToken({ shop, customerId: 77n });
    const [payload, signature] = token.split(".");
    // Another customer in the payload, the original signature.
    const otherPayload = Buffer.from(JSON.stringify({ v: 1, s: shop, c: "78" })).toString("base64url");
    const flipped = signature.slice(0, -1) + (signature.endsWith("A") ? "B" : "A");
    const bad = [
      `${otherPayload}.${signature}`,
      `${payload}.${flipped}`,
      payload,
      "",
      unsubscribeToken({ shop, customerId: 77n }, "another-apps-secret"),
    ];
    for (const candidate of bad) {
      const post = await oneClick(candidate);
      expect(post.status).toBe(400);
      expect(await post.text()).toContain("This unsubscribe link is not valid.");
      expect((await fetch(url(candidate))).status).toBe(400);
    }
    expect(await prisma.emailSuppression.count({ where: { shop } })).toBe(0);
    expect(await prisma.emailSend.findFirst({ where: { shop }, select: { status: true } })).toEqual({
      status: "SCHEDULED",
    });
  });
});
