import { describe, expect, it } from "vitest";
import { BODY_LIMITS, bodyLimitFor, DEFAULT_BODY_LIMIT } from "./body-limit.server";

const limitOf = (prefix: string) => BODY_LIMITS.find((entry) => entry.prefix === prefix)!.bytes;

describe("bodyLimitFor", () => {
  it("takes a route's limit by whole path segments, with or without a query, and .data requests alike", () => {
    expect(bodyLimitFor("/webhooks/orders/create")).toBe(limitOf("/webhooks"));
    expect(bodyLimitFor("/app")).toBe(limitOf("/app"));
    expect(bodyLimitFor("/app?index")).toBe(limitOf("/app"));
    expect(bodyLimitFor("/app/rules/new?kind=UPGRADE")).toBe(limitOf("/app"));
    expect(bodyLimitFor("/app/settings.data")).toBe(limitOf("/app"));
    expect(bodyLimitFor("/app.data")).toBe(limitOf("/app"));
    expect(bodyLimitFor("/proxy/events")).toBe(limitOf("/proxy"));
    expect(bodyLimitFor("/api/checkout/offers")).toBe(limitOf("/api"));
    expect(bodyLimitFor("http://example.com/webhooks/orders/create?x=1")).toBe(limitOf("/webhooks"));
  });

  it("gives anything else the default, the smallest limit, so another spelling never gets more", () => {
    for (const target of [
      "/",
      "/healthz",
      "/apps/pairwise",
      "/application",
      "/webhooksX",
      "/WEBHOOKS/orders/create",
      "/%77ebhooks/orders/create",
      "*",
      "",
    ]) {
      expect(bodyLimitFor(target), target).toBe(DEFAULT_BODY_LIMIT);
    }
    expect(Math.min(...BODY_LIMITS.map((entry) => entry.bytes))).toBeGreaterThanOrEqual(DEFAULT_BODY_LIMIT);
  });
});
