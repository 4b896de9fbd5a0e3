// The fuzz suite covers every entry point (issue #13): each route file of app/routes is listed below
// with the fuzz file that sends it hostile input, and every webhook route is a subscription in
// shopify.app.toml (which webhooks.fuzz.test.ts reads). A new route fails here until it is fuzzed.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { subscriptions } from "./support/webhook-samples";

const FUZZED_BY: Record<string, string> = {
  "_index.tsx": "checkout-email-health.fuzz.test.ts",
  "auth.$.tsx": "checkout-email-health.fuzz.test.ts",
  "auth.login.tsx": "checkout-email-health.fuzz.test.ts",
  "healthz.tsx": "checkout-email-health.fuzz.test.ts",
  "email.unsubscribe.tsx": "checkout-email-health.fuzz.test.ts",
  "api.checkout.offers.tsx": "checkout-email-health.fuzz.test.ts",
  "proxy.offers.tsx": "storefront.fuzz.test.ts",
  "proxy.events.tsx": "storefront.fuzz.test.ts",
  "app.tsx": "admin.fuzz.test.ts",
  "app._index.tsx": "admin.fuzz.test.ts",
  "app.analytics.tsx": "admin.fuzz.test.ts",
  "app.analytics.export.tsx": "admin.fuzz.test.ts",
  "app.catalog-search.tsx": "admin.fuzz.test.ts",
  "app.emails.tsx": "admin.fuzz.test.ts",
  "app.preview.tsx": "admin.fuzz.test.ts",
  "app.recommendations.tsx": "admin.fuzz.test.ts",
  "app.rules._index.tsx": "admin.fuzz.test.ts",
  "app.rules.$id.tsx": "admin.fuzz.test.ts",
  "app.settings.tsx": "admin.fuzz.test.ts",
};

const routeFiles = readdirSync(path.join(process.cwd(), "app/routes")).filter(
  (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file),
);

describe("the fuzz suite's coverage of app/routes", () => {
  it("names a fuzz file for every route that is not a webhook", () => {
    const unlisted = routeFiles.filter((file) => !file.startsWith("webhooks.") && !FUZZED_BY[file]);
    const gone = Object.keys(FUZZED_BY).filter((file) => !routeFiles.includes(file));
    expect({ unlisted, gone }).toEqual({ unlisted: [], gone: [] });
  });

  it("fuzzes every webhook route, as a subscription of shopify.app.toml", () => {
    const subscribed = subscriptions().map((subscription) => `webhooks.${subscription.topic.replace(/\//g, ".")}.tsx`);
    const webhookRoutes = routeFiles.filter((file) => file.startsWith("webhooks."));
    expect(webhookRoutes.filter((file) => !subscribed.includes(file))).toEqual([]);
    expect(subscribed.filter((file) => !webhookRoutes.includes(file))).toEqual([]);
  });
});
