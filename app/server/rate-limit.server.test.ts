// The Postgres rate limiter: limits per key and shop, windows, several limits at once, concurrent
// takes (as several app processes would make them) never exceeding a limit, cleanup of old windows.
import { describe, expect, it } from "vitest";
import { uniqueShop } from "../../tests/support/shops";
import prisma from "../db.server";
import { ensureShop } from "../shops/shop.server";
import { takeRateLimits } from "./rate-limit.server";

const WINDOW = 60_000;
const T0 = new Date("2026-11-23T10:00:05.000Z");
const never = () => 1; // no cleanup unless a test asks for it

describe("takeRateLimits", () => {
  it("allows up to the limit per key within a window, then refuses; other keys, shops and windows are separate", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await ensureShop(shop);
    await ensureShop(other);
    const visitor = (key: string) => [{ key, limit: 10 }];
    const take = (s: string, key: string, cost: number, now = T0) =>
      takeRateLimits(s, visitor(key), { cost, windowMs: WINDOW, now, random: never });

    expect(await take(shop, "visitor:a", 6)).toBe(true);
    expect(await take(shop, "visitor:a", 4)).toBe(true);
    expect(await take(shop, "visitor:a", 1)).toBe(false);
    expect(await take(shop, "visitor:a", 11)).toBe(false); // more than a whole window: never
    expect(await take(shop, "visitor:b", 10)).toBe(true);
    expect(await take(other, "visitor:a", 10)).toBe(true);
    expect(await take(shop, "visitor:a", 10, new Date(T0.getTime() + WINDOW))).toBe(true); // next window
    expect(
      await prisma.rateLimitWindow.findMany({
        where: { shop, key: "visitor:a" },
        orderBy: { windowStart: "asc" },
        select: { windowStart: true, used: true },
      }),
    ).toEqual([
      { windowStart: new Date("2026-11-23T10:00:00.000Z"), used: 10 },
      { windowStart: new Date("2026-11-23T10:01:00.000Z"), used: 10 },
    ]);
  });

  it("takes from every limit or refuses when one is full", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const limits = (visitor: string) => [
      { key: `visitor:${visitor}`, limit: 5 },
      { key: "shop", limit: 8 },
    ];
    const take = (visitor: string, cost: number) =>
      takeRateLimits(shop, limits(visitor), { cost, windowMs: WINDOW, now: T0, random: never });
    expect(await take("a", 5)).toBe(true);
    expect(await take("a", 1)).toBe(false); // the visitor's limit; the shop is not charged for it
    expect(await take("b", 3)).toBe(true);
    expect(await take("c", 1)).toBe(false); // the shop's limit; "c" is not charged either
    const used = await prisma.rateLimitWindow.findMany({
      where: { shop },
      orderBy: { key: "asc" },
      select: { key: true, used: true },
    });
    expect(used).toEqual([
      { key: "shop", used: 8 },
      { key: "visitor:a", used: 5 },
      { key: "visitor:b", used: 3 },
    ]);
  });

  it("never lets concurrent takes through past the limit", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        takeRateLimits(shop, [{ key: "visitor:flood", limit: 25 }], { windowMs: WINDOW, now: T0, random: never }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(25);
    expect((await prisma.rateLimitWindow.findFirst({ where: { shop, key: "visitor:flood" } }))!.used).toBe(25);
  });

  it("deletes the shop's past windows now and then, and lets a shop it does not know through", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await ensureShop(shop);
    await ensureShop(other);
    const limits = [{ key: "visitor:a", limit: 10 }];
    await takeRateLimits(shop, limits, { windowMs: WINDOW, now: T0, random: never });
    await takeRateLimits(other, limits, { windowMs: WINDOW, now: T0, random: never });
    await takeRateLimits(shop, limits, { windowMs: WINDOW, now: new Date(T0.getTime() + 2 * WINDOW), random: () => 0 });
    expect(await prisma.rateLimitWindow.count({ where: { shop } })).toBe(1);
    expect(await prisma.rateLimitWindow.count({ where: { shop: other } })).toBe(1);

    expect(await takeRateLimits(uniqueShop("unknown"), limits, { windowMs: WINDOW, now: T0, random: never })).toBe(
      true,
    );
  });
});
