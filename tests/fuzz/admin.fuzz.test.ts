// Fuzz (issue #13, decision 017): every admin loader and action, in local admin mode and through App
// Bridge session tokens, with odd queries, ids, content types, fields, Origin headers and forged
// tokens. Each case: no 5xx, nothing written on a 4xx, loaders write nothing; the process still serves.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { emptyRuleValues, type CrossSellValues } from "../../app/rules/rule-form-schema";
import { settingsToFormValues } from "../../app/settings/settings.server";
import { installAdminShop } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { MACHINE, MILK_JUG, seedOfferShop, seededRuleId, TABLETS, TAMPER } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";
import { sessionToken } from "../../app/dev/shopify-stand-in/signing";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";
import { percentEncode } from "./support/app-proxy";
import { fuzzer, send } from "./support/harness";
import {
  contentType,
  EDGE_IDS,
  hostileIdText,
  hostileJsonValue,
  hostileString,
  mutatedJson,
  nonJsonBody,
} from "./support/hostile";

// Local admin mode for this file's server (read when the app's environment is first checked).
const SHOP = uniqueShop("fuzz-admin");
process.env.PAIRWISE_LOCAL_ADMIN = "1";
process.env.PAIRWISE_LOCAL_SHOP = SHOP;

const app = startTestAppServer();
const { property: fuzz, sweep, check } = fuzzer(app);
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
/** A Host that is not loopback: local admin mode does not apply, App Bridge session tokens do. */
const PUBLIC_HOST = "pairwise.test";
const RULE = seededRuleId(SHOP, "clean");

beforeAll(async () => {
  await seedOfferShop(SHOP);
  await installAdminShop(SHOP);
});

/** Each admin page and the query parameters its loader reads. */
const LOADERS: Record<string, string[]> = {
  "/app": [],
  "/app/rules": ["query", "kind", "status", "page"],
  "/app/rules/new": ["kind"],
  [`/app/rules/${RULE}`]: [],
  "/app/rules/no-such-rule": [],
  "/app/recommendations": ["product"],
  "/app/preview": ["product", "variant", "cart", "customer", "tags"],
  "/app/emails": ["status", "cursor", "preview"],
  "/app/analytics": ["from", "to", "surface", "kind", "rule", "report"],
  "/app/analytics/export": ["from", "to", "surface", "kind", "rule", "report"],
  "/app/catalog-search": ["type", "q", "ids"],
  "/app/settings": [],
};

const ALL_PARAMS = [...new Set(Object.values(LOADERS).flat())];

/** A value for an admin query parameter: plausible, at the edges, or hostile. */
const paramValue = fc.oneof(
  fc.constantFrom(
    "",
    "1",
    "0",
    "-1",
    "1001",
    "2001:1",
    "2001:1,2011:2",
    "1001,1002",
    "CROSS_SELL",
    "UPGRADE",
    "active",
    "SENT",
    "product",
    "collection",
    "summary",
    "pairs",
    "lines",
    "daily",
    "breakdown",
    "returning",
    "vip",
  ),
  fc.constantFrom("2026-01-01", "2026-13-45", "0000-01-01", "9999-12-31", "2026-02-30", "1970-01-01T00:00:00Z"),
  hostileIdText,
  hostileString,
  fc.integer({ min: 200, max: 6_000 }).map((length) => "1,".repeat(length)),
);

const loaderRequest = fc.record({
  path: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...Object.keys(LOADERS)) },
    { weight: 1, arbitrary: fc.oneof(hostileIdText, hostileString).map((id) => `/app/rules/${percentEncode(id)}`) },
  ),
  params: fc.array(
    fc.tuple(fc.constantFrom(...ALL_PARAMS, "_data", "_routes", "index", "shop", "host", "embedded"), paramValue),
    { maxLength: 5 },
  ),
  // Remix's single-fetch form of a loader request (what client navigations send).
  data: fc.boolean(),
  method: fc.constantFrom("GET", "GET", "GET", "HEAD"),
});

const crossSell = (): CrossSellValues => ({
  ...(emptyRuleValues("CROSS_SELL") as CrossSellValues),
  name: "Fuzzed rule",
  trigger: {
    anyProduct: false,
    productIds: [String(MACHINE)],
    collectionIds: [],
    tags: [],
    vendors: [],
    productTypes: [],
  },
  offer: { productIds: [String(MILK_JUG), String(TABLETS)] },
  surfaces: ["product", "cart"],
  discount: { type: "percentage", value: "15" },
});

/** Valid payloads of each action, as the admin's forms submit them (JSON). */
async function validActions(): Promise<{ path: string; payload: Record<string, unknown> }[]> {
  const settings = settingsToFormValues(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } }));
  return [
    { path: "/app/rules", payload: { intent: "disable", ids: [RULE] } },
    { path: "/app/rules/new", payload: { intent: "save", rule: crossSell() } },
    { path: `/app/rules/${RULE}`, payload: { intent: "save", rule: crossSell() } },
    { path: `/app/rules/${RULE}`, payload: { intent: "delete" } },
    {
      path: "/app/recommendations",
      payload: { intent: "pin", productId: String(MACHINE), otherProductId: String(TAMPER) },
    },
    { path: "/app/settings", payload: { intent: "save", settings } },
    { path: "/app/settings", payload: { intent: "reimport", days: "60" } },
  ];
}

const ACTION_PATHS = [
  "/app/rules",
  "/app/rules?index",
  "/app/rules/new",
  `/app/rules/${RULE}`,
  "/app/rules/no-such-rule",
  "/app/recommendations",
  "/app/settings",
];
const NO_ACTION_PATHS = [
  "/app",
  "/app/preview",
  "/app/emails",
  "/app/analytics",
  "/app/analytics/export",
  "/app/catalog-search",
];
const FORM_KEYS = ["intent", "ids", "ids[]", "rule", "settings", "productId", "otherProductId", "days", "kind", "name"];

/** An action body in some encoding, with its content type. */
function actionBody(
  samples: Record<string, unknown>[],
): fc.Arbitrary<{ type: string | undefined; body: string | Buffer; what: string }> {
  const json = fc.oneof(
    fc
      .constantFrom(...samples)
      .chain((sample) => mutatedJson(sample))
      .map(({ path, body }) => ({ body, what: `JSON, hostile ${path}` })),
    hostileJsonValue.map((value) => ({ body: JSON.stringify(value) ?? "null", what: "JSON, any value" })),
    nonJsonBody.map((body) => ({ body, what: "not JSON" })),
  );
  const pairs = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...FORM_KEYS), hostileString),
      fc.oneof(
        fc.constantFrom(
          "save",
          "delete",
          "enable",
          "disable",
          "pin",
          "block",
          "clear",
          "rebuild",
          "reimport",
          RULE,
          String(MACHINE),
        ),
        paramValue,
      ),
    ),
    { maxLength: 6 },
  );
  const form = pairs.map((entries) => ({
    body: entries.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join("&"),
    what: "form fields",
  }));
  const multipart = pairs.map((entries) => ({
    body: `${entries.map(([key, value]) => `--xyz\r\nContent-Disposition: form-data; name="${key.replace(/["\r\n]/g, "")}"\r\n\r\n${value}\r\n`).join("")}--xyz--\r\n`,
    what: "multipart fields",
  }));
  return fc.oneof(
    fc
      .tuple(json, fc.constantFrom("application/json", "application/json; charset=utf-8"))
      .map(([{ body, what }, type]) => ({ type, body, what })),
    fc
      .tuple(form, fc.constant("application/x-www-form-urlencoded"))
      .map(([{ body, what }, type]) => ({ type, body, what })),
    fc
      .tuple(
        multipart,
        fc.constantFrom(
          "multipart/form-data; boundary=xyz",
          "multipart/form-data",
          "multipart/form-data; boundary=other",
        ),
      )
      .map(([{ body, what }, type]) => ({ type, body, what })),
    // Any body under any content type (the cases of issue #13 item 8).
    fc
      .tuple(fc.oneof(json, form, multipart), contentType)
      .map(([{ body, what }, type]) => ({ type, body, what: `${what} as ${type ?? "no type"}` })),
  );
}

describe("admin loaders (local admin mode)", () => {
  it("serves the local shop's admin from loopback, so the cases below reach the routes' own code", async () => {
    const answer = await send(app.url(), { method: "GET", path: "/app/settings", headers: { "User-Agent": BROWSER } });
    expect(answer.status, `${answer.headers.location ?? ""} ${answer.text.slice(0, 200)}`).toBe(200);
    expect(answer.text.replace(/<!-- -->/g, "")).toContain(`local admin (${SHOP})`);
  });

  it("every page with odd query strings, ids that do not exist or do not fit, single-fetch and HEAD: no 5xx, and a loader writes nothing", async () => {
    await fuzz(
      "admin: loaders",
      loaderRequest,
      ({ path, params, data, method }) => {
        const [pathname, search] = path.split("?");
        const query = [
          ...(search ? [search] : []),
          ...params.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`),
        ].join("&");
        const target = `${data ? `${pathname === "/app" ? "/app" : pathname}.data` : pathname}${query ? `?${query}` : ""}`;
        return check(
          { method, path: target, headers: { "User-Agent": BROWSER } },
          `admin ${method} ${pathname}${data ? ".data" : ""}`,
          {
            // A page view never changes the shop's data.
            readOnly: "a loader (GET) must not write",
          },
        );
      },
      50,
    );
  });
});

describe("admin ids at the edges (2^53, 18 digits, 2^63±1, 20 digits; issue #13 item 5)", () => {
  it("in every id a page reads or an action takes: no 5xx, nothing written on a refusal, a page writes nothing", async () => {
    const pages = EDGE_IDS.flatMap((id) => [
      `/app/catalog-search?ids=${id}`,
      `/app/catalog-search?type=collection&ids=1,${id}`,
      `/app/recommendations?product=${id}`,
      `/app/preview?product=${id}&variant=${id}&cart=${id}:1`,
      `/app/analytics?rule=${id}`,
      `/app/emails?preview=${id}&cursor=${id}`,
      `/app/rules/${id}`,
    ]).map((path) => ({ method: "GET", path, payload: undefined as unknown }));
    const actions = EDGE_IDS.flatMap((id) => [
      {
        method: "POST",
        path: "/app/recommendations",
        payload: { intent: "pin", productId: id, otherProductId: String(TAMPER) } as unknown,
      },
      {
        method: "POST",
        path: "/app/rules/new",
        payload: {
          intent: "save",
          rule: { ...crossSell(), trigger: { ...crossSell().trigger, productIds: [id] }, offer: { productIds: [id] } },
        },
      },
      { method: "POST", path: "/app/rules", payload: { intent: "enable", ids: [id] } },
    ]);
    await sweep("admin: edge ids", [...pages, ...actions], ({ method, path, payload }) =>
      check(
        {
          method,
          path,
          headers: { "User-Agent": BROWSER, ...(payload === undefined ? {} : { "Content-Type": "application/json" }) },
          body: payload === undefined ? undefined : JSON.stringify(payload),
        },
        `admin ${method} ${path.split("?")[0]} edge id`,
        payload === undefined ? { readOnly: "a loader (GET) must not write" } : {},
      ),
    );
  });
});

describe("admin actions (local admin mode)", () => {
  it("each page: GET and HEAD, as a document and as single-fetch data, without parameters; each POST path with an empty body of each content type: no 5xx, nothing written on a refusal", async () => {
    const loads = Object.keys(LOADERS).flatMap((path) =>
      ["GET", "HEAD"].flatMap((method) =>
        [path, `${path}.data`].map((target) => ({
          method,
          target,
          type: undefined as string | undefined,
          body: undefined as string | undefined,
        })),
      ),
    );
    const types = [
      "application/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "text/plain",
      undefined,
    ];
    const posts = [...ACTION_PATHS, ...NO_ACTION_PATHS].flatMap((target) => [
      ...types.map((type) => ({ method: "POST", target, type, body: "" })),
      ...["PUT", "DELETE"].map((method) => ({ method, target, type: "application/json", body: "{}" })),
    ]);
    await sweep("admin: every route", [...loads, ...posts], ({ method, target, type, body }) =>
      check(
        {
          method,
          path: target,
          headers: { "User-Agent": BROWSER, ...(type === undefined ? {} : { "Content-Type": type }) },
          body,
        },
        `admin ${method} ${target} ${type ?? "no type"}`,
        method === "GET" || method === "HEAD" ? { readOnly: "a loader (GET) must not write" } : {},
      ),
    );
  });

  it("every action (and POSTs to pages without one) with junk content types, junk form fields and near-valid payloads: no 5xx, nothing written on a refusal", async () => {
    const samples = await validActions();
    const cases = fc.record({
      path: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...ACTION_PATHS) },
        { weight: 1, arbitrary: fc.constantFrom(...NO_ACTION_PATHS) },
      ),
      data: fc.boolean(),
      method: fc.constantFrom("POST", "POST", "POST", "PUT", "PATCH", "DELETE"),
      content: actionBody(samples.map((sample) => sample.payload)),
    });
    await fuzz(
      "admin: actions",
      cases,
      ({ path, data, method, content }) => {
        const [pathname, search] = path.split("?");
        const target = `${data ? `${pathname}.data` : pathname}${search ? `?${search}` : ""}`;
        return check(
          {
            method,
            path: target,
            headers: { "User-Agent": BROWSER, ...(content.type === undefined ? {} : { "Content-Type": content.type }) },
            body: content.body,
          },
          `admin ${method} ${pathname}${data ? ".data" : ""}: ${content.what}`,
        );
      },
      80,
    );
  });

  it("cross-site and malformed Origin headers on every action: refused with a 4xx (403), nothing written (issue #13 item 8)", async () => {
    const samples = await validActions();
    const cases = fc.record({
      sample: fc.constantFrom(...samples),
      origin: fc.constantFrom(
        "https://evil.example",
        "null",
        "http://localhost.evil.example",
        "not a url",
        "http://127.0.0.1:1",
        "file://",
      ),
      data: fc.boolean(),
    });
    await fuzz(
      "admin: cross-site",
      cases,
      ({ sample, origin, data }) =>
        check(
          {
            method: "POST",
            path: data ? `${sample.path}.data` : sample.path,
            headers: { "User-Agent": BROWSER, "Content-Type": "application/json", Origin: origin },
            body: JSON.stringify(sample.payload),
          },
          `admin POST ${sample.path} from Origin ${origin}`,
          { mustRefuse: "a cross-site (or unreadable) Origin on a state-changing request" },
        ),
      20,
    );
  });
});

describe("admin through App Bridge session tokens (Host not loopback)", () => {
  const token = (patch: Partial<Parameters<typeof sessionToken>[0]> = {}) =>
    sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop: SHOP, ...patch });

  it("forged, expired and foreign tokens are refused on every page and action, and nothing is written", async () => {
    const forged = fc.constantFrom<[string, () => string]>(
      ["another secret", () => token({ secret: "someone-elses-secret" })],
      ["another app", () => token({ apiKey: "another-app" })],
      ["expired", () => token({ now: Math.floor(Date.now() / 1000) - 3600 })],
      [
        "another shop's token, this shop's payload",
        () => {
          const [head, , signature] = token({ shop: uniqueShop("fuzz-victim") }).split(".");
          return `${head}.${Buffer.from(JSON.stringify({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: TEST_API_KEY, exp: 9_999_999_999, nbf: 0, iat: 0 })).toString("base64url")}.${signature}`;
        },
      ],
      ["garbage", () => "a.b.c"],
    );
    const samples = await validActions();
    const cases = fc.record({
      forged,
      target: fc.oneof(
        fc.constantFrom(...Object.keys(LOADERS)).map((path) => ({ path, payload: undefined as unknown })),
        fc.constantFrom(...samples),
      ),
    });
    await fuzz(
      "admin: forged session tokens",
      cases,
      ({ forged: [label, make], target }) =>
        check(
          {
            method: target.payload === undefined ? "GET" : "POST",
            path: target.path,
            headers: {
              Host: PUBLIC_HOST,
              "User-Agent": BROWSER,
              Authorization: `Bearer ${make()}`,
              ...(target.payload === undefined ? {} : { "Content-Type": "application/json" }),
            },
            body: target.payload === undefined ? undefined : JSON.stringify(target.payload),
          },
          `admin token ${label} ${target.path}`,
          { mustRefuse: "no valid session token for the shop" },
        ),
      20,
    );
  });

  it("valid tokens with junk requests and odd Host headers: no 5xx, nothing written on a refusal", async () => {
    const samples = await validActions();
    const cases = fc.record({
      sample: fc.constantFrom(...samples),
      content: actionBody(samples.map((sample) => sample.payload)),
      host: fc.constantFrom(
        PUBLIC_HOST,
        `${PUBLIC_HOST}:443`,
        "localhost:3100@evil.example.com",
        "evil.example.com",
        "[::1",
        "a b",
        "",
        "xn--fiq228c.example",
      ),
    });
    await fuzz(
      "admin: session tokens, junk",
      cases,
      ({ sample, content, host }) =>
        check(
          {
            method: "POST",
            path: sample.path,
            headers: {
              Host: host,
              "User-Agent": BROWSER,
              Authorization: `Bearer ${token()}`,
              ...(content.type === undefined ? {} : { "Content-Type": content.type }),
            },
            body: content.body,
          },
          `admin token POST ${sample.path} Host ${host}: ${content.what}`,
        ),
      25,
    );
  });
});
