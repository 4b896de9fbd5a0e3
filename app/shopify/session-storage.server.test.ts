// The session storage's fast load (plain pg) against the library's own Prisma load: same Session
// for an offline session with expiring token and refresh token, and for an online session with
// its user; undefined for an unknown id.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { describe, expect, it } from "vitest";
import { uniqueShop } from "../../tests/support/shops";
import prisma from "../db.server";
import { SessionStorage } from "./session-storage.server";

describe("SessionStorage.loadSession", () => {
  it("returns what the library's Prisma storage returns", async () => {
    const storage = new SessionStorage(prisma);
    const library = new PrismaSessionStorage(prisma);
    const shop = uniqueShop();
    const offline = new Session({
      id: `offline_${shop}`,
      shop,
      state: "state-1",
      isOnline: false,
      scope: "read_products,read_orders",
      accessToken: "shpat_token",
      expires: new Date("2026-11-23T10:11:12.345Z"),
      refreshToken: "refresh-token",
      refreshTokenExpires: new Date("2027-01-01T00:00:00.001Z"),
    });
    const online = new Session({
      id: `${shop}_42`,
      shop,
      state: "state-2",
      isOnline: true,
      scope: "read_products",
      accessToken: "shpua_token",
      expires: new Date("2026-11-23T11:00:00.000Z"),
      onlineAccessInfo: {
        expires_in: 3600,
        associated_user_scope: "read_products",
        associated_user: {
          id: 42,
          first_name: "Ada",
          last_name: "Lovelace",
          email: "ada@example.com",
          email_verified: true,
          account_owner: true,
          locale: "en",
          collaborator: false,
        },
      },
    });
    for (const session of [offline, online]) {
      await library.storeSession(session);
      const fast = await storage.loadSession(session.id);
      const slow = await library.loadSession(session.id);
      expect(fast?.constructor.name).toBe("Session");
      expect(fast!.toObject()).toEqual(slow!.toObject());
      expect(fast!.equals(slow)).toBe(true);
      expect(fast!.expires?.toISOString()).toBe(session.expires?.toISOString());
    }
    expect((await storage.loadSession(offline.id))!.toObject().refreshTokenExpires).toEqual(
      (await library.loadSession(offline.id))!.toObject().refreshTokenExpires,
    );
    expect((await storage.loadSession(offline.id))!.refreshToken).toBe("refresh-token");
    expect(await storage.loadSession(`offline_${uniqueShop("none")}`)).toBeUndefined();
  });
});
