// Fuzz (issue #13): every webhook topic the app subscribes to, unsigned and signed with the test
// secret as Shopify signs them, with bodies that are not JSON, of the wrong shape, with one hostile
// field, with ids of 18–20 digits and more, deeply nested or oversized, and with headers that
// disagree with the body. Each case: no 5xx, nothing written on a 4xx; the process still serves.
import { createHmac, randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import prisma from "../../app/db.server";
import { installAdminShop } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { fuzzer, type Sent } from "./support/harness";
import {
  bigintRangeIdDigits,
  deepJsonText,
  hostileJsonValue,
  hostileString,
  idDigits,
  idPaths,
  mutatedJson,
  nestingDepth,
  nonJsonBody,
  withRawIds,
} from "./support/hostile";
import { INBOX_RESOURCE_ID, samplePayload, subscriptions, type Subscription } from "./support/webhook-samples";

const app = startTestAppServer();
const { property: fuzz, sweep, check } = fuzzer(app);
const SHOP = uniqueShop("fuzz-hooks");
const OTHER_SHOP = uniqueShop("fuzz-other");
const SUBSCRIPTIONS = subscriptions();
const COMPLIANCE = SUBSCRIPTIONS.filter((subscription) => subscription.compliance);
const MAX_BIGINT = 2n ** 63n - 1n;
// Cases per topic and family: ~1,000 requests for the 16 topics.
const RUNS = { forged: 6, nonJson: 10, wrongShape: 8, hostileField: 20, bigIds: 8, deep: 2, oversized: 1, headers: 10 };

beforeAll(async () => {
  await installAdminShop(SHOP);
  await installAdminShop(OTHER_SHOP);
});

const hmacOf = (body: string | Buffer, secret = TEST_API_SECRET) =>
  createHmac("sha256", secret).update(body).digest("base64");

function headersFor(topic: string, shop: string, body: string | Buffer): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-Hmac-Sha256": hmacOf(body),
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-API-Version": "2026-10",
  };
}

/** A delivery signed with the app secret, as Shopify sends it. */
const signed = (subscription: Subscription, body: string | Buffer, shop = SHOP): Sent => ({
  method: "POST",
  path: subscription.uri,
  headers: headersFor(subscription.topic, shop, body),
  body,
});

async function inboxHasExactId(topic: string, idText: string): Promise<boolean> {
  const [{ found }] = await prisma.$queryRaw<{ found: number }[]>`
    SELECT count(*)::int AS found FROM webhook_inbox WHERE shop = ${SHOP} AND topic = ${topic} AND resource_id::text = ${idText}`;
  return found > 0;
}

describe("every webhook route", () => {
  it("each method, with no body, an empty one and a minimal signed one: no 5xx, nothing written on a refusal; unsigned never accepted", async () => {
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    const cases = SUBSCRIPTIONS.flatMap((subscription) =>
      methods.flatMap((method) => [
        { subscription, method, body: undefined as string | undefined, signedBody: false },
        ...(method === "GET" || method === "HEAD"
          ? []
          : [
              { subscription, method, body: "", signedBody: false },
              { subscription, method, body: "{}", signedBody: true },
            ]),
      ]),
    );
    await sweep("webhooks: methods", cases, ({ subscription, method, body, signedBody }) => {
      const sent: Sent = signedBody
        ? { ...signed(subscription, body!), method }
        : { method, path: subscription.uri, headers: { "Content-Type": "application/json" }, body };
      return check(
        sent,
        `${method} ${subscription.uri}${signedBody ? " signed {}" : ""}`,
        signedBody ? {} : { mustRefuse: "not signed" },
      );
    });
  });
});

describe.each(SUBSCRIPTIONS)("webhook $topic", (subscription) => {
  const { topic } = subscription;
  const sample = () => samplePayload(topic, SHOP);

  it("refuses unsigned, wrongly signed and non-POST deliveries, and writes nothing", async () => {
    const forgeries = fc.record({
      method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS"),
      forgery: fc.constantFrom(
        "no hmac",
        "empty hmac",
        "another secret",
        "body changed after signing",
        "garbage hmac",
        "hex hmac",
        "hmac twice",
        "valid hmac, method not POST",
      ),
      body: fc.oneof(
        fc.constant(JSON.stringify(sample())),
        nonJsonBody,
        mutatedJson(sample()).map((mutated) => mutated.body),
      ),
    });
    await fuzz(
      `${topic}: forged`,
      forgeries,
      async ({ method, forgery, body }) => {
        const sent = signed(subscription, body);
        const headers = sent.headers as Record<string, string | string[]>;
        const text = Buffer.isBuffer(body) ? body.toString("utf8") : body;
        if (forgery === "no hmac") delete headers["X-Shopify-Hmac-Sha256"];
        if (forgery === "empty hmac") headers["X-Shopify-Hmac-Sha256"] = "";
        if (forgery === "another secret") headers["X-Shopify-Hmac-Sha256"] = hmacOf(body, "someone-elses-secret");
        if (forgery === "body changed after signing") sent.body = `${text} `;
        if (forgery === "garbage hmac") headers["X-Shopify-Hmac-Sha256"] = "%%%not-base64%%%";
        if (forgery === "hex hmac")
          headers["X-Shopify-Hmac-Sha256"] = createHmac("sha256", TEST_API_SECRET).update(body).digest("hex");
        if (forgery === "hmac twice") headers["X-Shopify-Hmac-Sha256"] = [hmacOf("{}"), hmacOf(body)];
        const effective = forgery === "valid hmac, method not POST" ? (method === "POST" ? "PUT" : method) : method;
        if (effective === "GET" || effective === "OPTIONS") delete sent.body;
        await check({ ...sent, method: effective }, `${topic} forged: ${forgery}`, {
          mustRefuse: "not signed with the app secret, or not a POST",
        });
      },
      RUNS.forged,
    );
  });

  it("signed bodies that are not JSON: no 5xx, nothing written on a refusal", async () => {
    await fuzz(
      `${topic}: signed non-JSON`,
      nonJsonBody,
      (body) => check(signed(subscription, body), `${topic} signed non-JSON`),
      RUNS.nonJson,
    );
  });

  it("signed JSON of the wrong shape (any value, another topic's payload): no 5xx, nothing written on a refusal", async () => {
    const others = SUBSCRIPTIONS.map((other) => samplePayload(other.topic, SHOP));
    const bodies = fc.oneof(
      hostileJsonValue,
      fc.constantFrom(...others),
      fc.constantFrom({}, [], [sample()], { ...sample(), id: undefined }),
    );
    await fuzz(
      `${topic}: signed wrong shape`,
      bodies,
      (value) => check(signed(subscription, JSON.stringify(value) ?? "null"), `${topic} signed wrong shape`),
      RUNS.wrongShape,
    );
  });

  it("signed payloads with one hostile field (strings with NUL or lone surrogates, huge numbers, deep nesting, missing): no 5xx, nothing written on a refusal", async () => {
    await fuzz(
      `${topic}: signed hostile field`,
      mutatedJson(sample()),
      ({ path, body }) => check(signed(subscription, body), `${topic} hostile field at ${path}`),
      RUNS.hostileField,
    );
  });

  it("signed payloads with ids of 16–20+ digits as JSON numbers: no 5xx; ids within Postgres bigint are accepted and kept exactly (issue #13 items 5, 6)", async () => {
    const paths = idPaths(sample());
    if (paths.length === 0) return;
    const cases = fc.record({
      inRange: fc.boolean(),
      ids: fc.array(fc.oneof(bigintRangeIdDigits, idDigits), { minLength: paths.length, maxLength: paths.length }),
      exact: fc.array(bigintRangeIdDigits, { minLength: paths.length, maxLength: paths.length }),
    });
    await fuzz(
      `${topic}: signed big ids`,
      cases,
      async ({ inRange, ids, exact }) => {
        const digits = inRange ? exact : ids;
        const byPath = new Map(paths.map((path, index) => [path.join("."), digits[index]]));
        const body = withRawIds(sample(), (path) => byPath.get(path.join("."))!);
        const resourcePath = INBOX_RESOURCE_ID[topic];
        const allInRange = digits.every((text) => /^(0|[1-9]\d*)$/.test(text) && BigInt(text) <= MAX_BIGINT);
        await check(signed(subscription, body), `${topic} big ids`, {
          mustAccept: allInRange
            ? "a valid payload whose ids fit Postgres bigint (Shopify's own sample ids are 18 digits)"
            : undefined,
          onAccepted: async () => {
            if (!allInRange || !resourcePath) return null;
            const idText = byPath.get(resourcePath)!;
            return (await inboxHasExactId(topic, idText))
              ? null
              : `accepted, but no webhook_inbox row holds resource id ${idText} exactly (rounded through a double?)`;
          },
        });
      },
      RUNS.bigIds,
    );
  });

  it("signed bodies nested 64 to 100,000 deep: no 5xx, nothing written on a refusal", async () => {
    const cases = fc.record({
      depth: nestingDepth,
      kind: fc.constantFrom("array" as const, "object" as const),
      where: fc.constantFrom("whole body", "inside a field"),
    });
    await fuzz(
      `${topic}: signed deep nesting`,
      cases,
      async ({ depth, kind, where }) => {
        const deep = deepJsonText(depth, kind);
        const body =
          where === "whole body" ? deep : JSON.stringify({ ...sample(), extra: "\u0001" }).replace('"\u0001"', deep);
        await check(signed(subscription, body), `${topic} nested ${depth} deep (${kind}, ${where})`);
      },
      RUNS.deep,
    );
  });

  it("oversized bodies (12 MiB, signed or not, with and without Content-Length): 413, nothing written (issue #13 item 2)", async () => {
    const cases = fc.record({ mib: fc.constant(12), chunked: fc.boolean(), signedBody: fc.boolean() });
    await fuzz(
      `${topic}: oversized`,
      cases,
      async ({ mib, chunked, signedBody }) => {
        const filler = "x".repeat(mib * 1024 * 1024);
        const body = JSON.stringify({ ...sample(), filler });
        const sent = signed(subscription, body);
        if (!signedBody) (sent.headers as Record<string, string>)["X-Shopify-Hmac-Sha256"] = hmacOf("{}");
        await check(
          { ...sent, chunked },
          `${topic} ${mib} MiB ${signedBody ? "signed" : "bad hmac"}${chunked ? " chunked" : ""}`,
          {
            status: {
              is: 413,
              why: "a webhook body far above any Shopify payload is refused before it is read",
              orReset: true,
            },
          },
        );
      },
      RUNS.oversized,
    );
  });

  it("signed bodies with headers that disagree or are malformed (topic, shop, ids, version, time, content type): no 5xx, nothing written on a refusal", async () => {
    const cases = fc.record({
      header: fc.constantFrom(
        "X-Shopify-Topic",
        "X-Shopify-Shop-Domain",
        "X-Shopify-Webhook-Id",
        "X-Shopify-API-Version",
        "X-Shopify-Triggered-At",
        "X-Shopify-Event-Id",
        "Content-Type",
      ),
      value: fc.oneof(
        fc.constantFrom(
          undefined,
          "",
          OTHER_SHOP,
          "evil.example.com",
          `${SHOP}:443`,
          SHOP.toUpperCase(),
          "2020-01-01T00:00:00Z",
          "not a time",
          "9999-12-31T23:59:59Z",
          "text/plain",
          "unstable",
          ...SUBSCRIPTIONS.map((other) => other.topic),
        ),
        fc.integer({ min: 1, max: 12_000 }).map((length) => "w".repeat(length)),
        hostileString.map((text) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?")),
      ),
    });
    await fuzz(
      `${topic}: signed odd headers`,
      cases,
      async ({ header, value }) => {
        const sent = signed(subscription, JSON.stringify(sample()));
        const headers = sent.headers as Record<string, string>;
        if (value === undefined) delete headers[header];
        else headers[header] = value;
        await check(sent, `${topic} header ${header}`);
      },
      RUNS.headers,
    );
  });
});

describe("compliance webhooks: the topic and shop are what the HMAC covers (issue #13 item 4)", () => {
  it.each(COMPLIANCE)(
    "$topic: a header shop other than the body's shop_domain is refused, and nothing is written",
    async (subscription) => {
      await sweep(
        `${subscription.topic}: header shop differs`,
        [OTHER_SHOP, uniqueShop("fuzz-victim"), "evil.example.com"],
        (headerShop) =>
          check(
            signed(subscription, JSON.stringify(samplePayload(subscription.topic, SHOP)), headerShop),
            `${subscription.topic} header shop ${headerShop}, body ${SHOP}`,
            {
              mustRefuse: "the shop named by the unsigned header is not the signed body's shop_domain",
            },
          ),
      );
    },
  );

  it.each(COMPLIANCE)(
    "$topic: another compliance topic's signed body is refused, and nothing is written",
    async (subscription) => {
      const foreign = COMPLIANCE.filter((other) => other.topic !== subscription.topic).map((other) => other.topic);
      await sweep(`${subscription.topic}: foreign compliance body`, foreign, (otherTopic) =>
        check(
          signed(subscription, JSON.stringify(samplePayload(otherTopic, SHOP))),
          `${otherTopic} body to ${subscription.uri}`,
          {
            mustRefuse: `a ${otherTopic} body is not a ${subscription.topic} payload`,
          },
        ),
      );
    },
  );

  it.each(COMPLIANCE)(
    "$topic: a delivery triggered long ago (replayed) is refused, and nothing is written",
    async (subscription) => {
      await sweep(`${subscription.topic}: replayed`, [3, 7, 30, 365], (days) => {
        const sent = signed(subscription, JSON.stringify(samplePayload(subscription.topic, SHOP)));
        (sent.headers as Record<string, string>)["X-Shopify-Triggered-At"] = new Date(
          Date.now() - days * 86_400_000,
        ).toISOString();
        return check(sent, `${subscription.topic} triggered ${days} days ago`, {
          mustRefuse: "outside the replay window on X-Shopify-Triggered-At",
        });
      });
    },
  );
});
