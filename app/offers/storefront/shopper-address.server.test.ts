// The shopper's address from Shopify's X-Forwarded-For: Shopify's own (last) entry, after the app's
// own proxies' entries, as a rate-limit key (IPv6 by /64).
import { describe, expect, it } from "vitest";
import { addressKey, shopperAddress } from "./shopper-address.server";

const requestWith = (forwardedFor?: string) =>
  new Request(
    "https://app.example/proxy/events",
    forwardedFor === undefined ? {} : { headers: { "x-forwarded-for": forwardedFor } },
  );

describe("shopperAddress", () => {
  it("takes the entry Shopify appended, never what the client put before it", () => {
    expect(shopperAddress(requestWith("203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(shopperAddress(requestWith("1.1.1.1, 10.0.0.1,203.0.113.7"), 0)).toBe("203.0.113.7");
  });

  it("skips the entries the app's own reverse proxies append", () => {
    expect(shopperAddress(requestWith("1.1.1.1, 203.0.113.7, 35.1.2.3"), 1)).toBe("203.0.113.7");
    expect(shopperAddress(requestWith("203.0.113.7"), 1)).toBeNull();
  });

  it("is null without a usable address", () => {
    expect(shopperAddress(requestWith(), 0)).toBeNull();
    expect(shopperAddress(requestWith(""), 0)).toBeNull();
    expect(shopperAddress(requestWith("1.1.1.1, not-an-ip"), 0)).toBeNull();
  });
});

describe("addressKey", () => {
  it("IPv4 as it is, with a port or IPv4-mapped", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("IPv6 by its /64, however it is written", () => {
    const key = "2001:db8:1:2::/64";
    expect(addressKey("2001:db8:1:2::1")).toBe(key);
    expect(addressKey("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")).toBe(key);
    expect(addressKey("[2001:db8:1:2:0:0:0:9]:443")).toBe(key);
    expect(addressKey("2001:db8:1:3::1")).not.toBe(key);
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::203.0.113.7")).toBe("64:ff9b:0:0::/64");
  });

  it("null for anything else", () => {
    expect(addressKey("evil.example.com")).toBeNull();
    expect(addressKey("999.1.1.1")).toBeNull();
    expect(addressKey("")).toBeNull();
  });
});
