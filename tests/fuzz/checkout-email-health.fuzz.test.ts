// Fuzz (issue #13): the app's other public entry points. The checkout and thank-you extension's API
// (/api/checkout/offers: forged and hostile session tokens, junk bodies, other methods), the email
// unsubscribe link (forged and hostile tokens, junk forms), /healthz, the root URL, /auth/* and
// paths no route has. Each case: no 5xx, nothing written on a 4xx; the process still serves.
import { createHmac, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import prisma from "../../app/db.server";
import { startShopifyMocks } from "../../app/dev/shopify-stand-in";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { GRINDER, MACHINE, seedUpsellShop } from "../support/upsell-shop";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";
import { percentEncode } from "./support/app-proxy";
import { fuzzer, type Sent } from "./support/harness";
import {
  contentType,
  EDGE_IDS,
  hostileIdText,
  hostileJsonValue,
  hostileString,
  idDigits,
  mutatedJson,
  nonJsonBody,
} from "./support/hostile";

const mocks = startShopifyMocks();
afterAll(() => mocks.close());
const app = startTestAppServer();
const { property: fuzz, sweep, check } = fuzzer(app);
const SHOP = uniqueShop("fuzz-public");
const ORIGIN = "https://extensions.shopifycdn.com";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

beforeAll(async () => {
  await seedUpsellShop(SHOP);
  // A discounted thank-you offer, so a thank-you request could mint a personal code.
  await prisma.rule.create({
    data: {
      id: `fuzz-complete-${SHOP.split(".")[0]}`,
      shop: SHOP,
      kind: "CROSS_SELL",
      name: "Complete the set",
      priority: 0,
      trigger: { productIds: [String(MACHINE.productId)] },
      offer: { productIds: [String(GRINDER.productId)] },
      surfaces: ["thank_you", "checkout"],
      discount: { type: "percentage", value: 10 },
    },
  });
});

// --- checkout session tokens --------------------------------------------------------------------

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** An HS256 JWT over any header and claims, signed with `secret`. */
function jwt(
  claims: Record<string, unknown>,
  options: { secret?: string; header?: Record<string, unknown> } = {},
): string {
  const head = base64url(JSON.stringify(options.header ?? { alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", options.secret ?? TEST_API_SECRET)
    .update(`${head}.${body}`)
    .digest("base64url");
  return `${head}.${body}.${signature}`;
}

/** The claims of a checkout extension's session token for SHOP, as Shopify issues it. */
function checkoutClaims(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { dest: SHOP, aud: TEST_API_KEY, exp: now + 300, nbf: now - 5, iat: now - 5, jti: randomUUID(), ...patch };
}

const line = (variantId: bigint | string, quantity: unknown = 1) => ({
  merchandiseId: `gid://shopify/ProductVariant/${variantId}`,
  quantity,
});
const validCheckoutBody = { surface: "checkout", lines: [line(MACHINE.variantId)], visitorId: "visitor-fuzz-0010" };
const validThankYouBody = {
  surface: "thank_you",
  lines: [line(MACHINE.variantId)],
  orderId: "gid://shopify/Order/5001",
};

function checkoutPost(
  token: string | null,
  body: string | Buffer,
  type: string | undefined = "application/json",
): Sent {
  return {
    method: "POST",
    path: "/api/checkout/offers",
    headers: {
      Origin: ORIGIN,
      "User-Agent": BROWSER,
      ...(type === undefined ? {} : { "Content-Type": type }),
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    body,
  };
}

describe("POST /api/checkout/offers (checkout and thank-you extension)", () => {
  it("refuses missing, forged, expired and foreign session tokens with a 4xx, and writes nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = fc.constantFrom<[string, () => string | null]>(
      ["no token", () => null],
      ["empty", () => ""],
      ["garbage", () => "not.a.jwt"],
      ["another secret", () => jwt(checkoutClaims(), { secret: "someone-elses-secret" })],
      ["expired", () => jwt(checkoutClaims({ exp: now - 3600, nbf: now - 3700, iat: now - 3700 }))],
      ["not yet valid", () => jwt(checkoutClaims({ nbf: now + 3600 }))],
      [
        "alg none",
        () =>
          `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify(checkoutClaims()))}.`,
      ],
      ["alg HS512 header", () => jwt(checkoutClaims(), { header: { alg: "HS512", typ: "JWT" } })],
      [
        "payload swapped after signing",
        () => {
          const [head, , signature] = jwt(checkoutClaims()).split(".");
          return `${head}.${base64url(JSON.stringify(checkoutClaims({ dest: "victim.myshopify.com" })))}.${signature}`;
        },
      ],
      ["16 KiB token", () => `${jwt(checkoutClaims())}${"A".repeat(16_000)}`],
    );
    const cases = fc.record({
      forged,
      surface: fc.constantFrom(validCheckoutBody, validThankYouBody),
      scheme: fc.constantFrom("Bearer", "bearer", "Basic", ""),
    });
    await fuzz(
      "checkout: forged tokens",
      cases,
      ({ forged: [label, token], surface, scheme }) => {
        const sent = checkoutPost(token(), JSON.stringify(surface));
        const headers = sent.headers as Record<string, string>;
        if (headers.Authorization && scheme !== "Bearer")
          headers.Authorization = headers.Authorization.replace(/^Bearer/, scheme);
        return check(sent, `checkout token: ${label}, scheme "${scheme}"`, {
          mustRefuse: "no valid session token of this app",
        });
      },
      30,
    );
  });

  // `aud` is among them: the library does not check it on extension tokens (checkAudience: false);
  // the signature with the app secret is what proves the token.
  it("signed tokens with hostile claims (dest, sub, aud, exp types): no 5xx, nothing written on a refusal", async () => {
    const claim = fc.constantFrom("dest", "sub", "aud", "exp", "nbf", "iat", "jti");
    const value = fc.oneof(
      hostileJsonValue,
      idDigits.map((id) => `gid://shopify/Customer/${id}`),
      fc.constantFrom(
        `https://${SHOP}`,
        `https://${SHOP}/admin`,
        SHOP.toUpperCase(),
        uniqueShop("fuzz-unknown"),
        "evil.example.com",
        `${SHOP}.evil.com`,
        "gid://shopify/Customer/",
        "gid://shopify/Customer/-1",
      ),
    );
    await fuzz(
      "checkout: hostile claims",
      fc.record({ claim, value, body: fc.constantFrom(validCheckoutBody, validThankYouBody) }),
      ({ claim, value, body }) =>
        check(checkoutPost(jwt(checkoutClaims({ [claim]: value })), JSON.stringify(body)), `checkout claim ${claim}`),
      30,
    );
    // Each claim with each type of value at least once.
    const values: unknown[] = [
      null,
      0,
      true,
      [],
      {},
      "",
      "x".repeat(5_000),
      "gid://shopify/Customer/9223372036854775807",
      "gid://shopify/Customer/9223372036854775808",
      "gid://shopify/Customer/99999999999999999999",
      "gid://shopify/Customer/0",
    ];
    const cases = ["dest", "sub", "aud", "exp", "nbf", "jti", "sid"].flatMap((name) =>
      values.map((value) => ({ name, value })),
    );
    await sweep("checkout: claim types", cases, ({ name, value }) =>
      check(
        checkoutPost(jwt(checkoutClaims({ [name]: value })), JSON.stringify(validThankYouBody)),
        `checkout claim ${name} = ${JSON.stringify(value).slice(0, 60)}`,
      ),
    );
  });

  it("valid tokens with junk bodies (not JSON, wrong shapes, hostile fields, ids of 16–20+ digits, odd content types): no 5xx, nothing written on a refusal", async () => {
    const bodies = fc.oneof(
      nonJsonBody,
      hostileJsonValue.map((value) => JSON.stringify(value) ?? "null"),
      mutatedJson(validCheckoutBody).map((mutated) => mutated.body),
      mutatedJson(validThankYouBody).map((mutated) => mutated.body),
      fc
        .record({
          surface: fc.constantFrom("checkout", "thank_you"),
          id: fc.oneof(idDigits, hostileIdText),
          quantity: fc.oneof(fc.integer(), fc.constantFrom(0, 10_001, 1e308, -1, 1.5)),
        })
        .map(({ surface, id, quantity }) =>
          JSON.stringify({ surface, lines: [line(id, quantity)], orderId: `gid://shopify/Order/${id}` }),
        ),
      fc
        .integer({ min: 251, max: 2_000 })
        .map((count) =>
          JSON.stringify({ surface: "checkout", lines: Array.from({ length: count }, () => line(MACHINE.variantId)) }),
        ),
    );
    await fuzz(
      "checkout: junk bodies",
      fc.record({ body: bodies, type: contentType }),
      ({ body, type }) => check(checkoutPost(jwt(checkoutClaims()), body, type), "checkout junk body"),
      70,
    );
  });

  it("ids at the edges (2^53, 18 digits, 2^63±1, 20 digits) in lines, order and customer: no 5xx, nothing written on a refusal (issue #13 item 5)", async () => {
    const cases = EDGE_IDS.flatMap((id) => [
      { label: "line", body: { surface: "checkout", lines: [line(id)] }, sub: undefined as string | undefined },
      { label: "order", body: { ...validThankYouBody, orderId: `gid://shopify/Order/${id}` }, sub: undefined },
      { label: "customer", body: validThankYouBody, sub: `gid://shopify/Customer/${id}` },
    ]);
    await sweep("checkout: edge ids", cases, ({ label, body, sub }) =>
      check(
        checkoutPost(jwt(checkoutClaims(sub ? { sub } : {})), JSON.stringify(body)),
        `checkout ${label} id at the edge`,
      ),
    );
  });

  it("thank-you requests with made-up order ids get no discount code (issue #13 item 3)", async () => {
    const orderIds = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String), idDigits);
    await fuzz(
      "checkout: made-up orders",
      orderIds,
      (orderId) =>
        check(
          checkoutPost(
            jwt(checkoutClaims()),
            JSON.stringify({ ...validThankYouBody, orderId: `gid://shopify/Order/${orderId}` }),
          ),
          `thank-you order ${orderId}`,
          {
            onAccepted: async (answer) => {
              const code =
                (JSON.parse(answer.text) as { offer?: { discountCode?: string | null } | null }).offer?.discountCode ??
                null;
              return code === null
                ? null
                : `a personal discount code for order ${orderId}, which the token does not prove`;
            },
          },
        ),
      20,
    );
  });

  it("other methods, preflights with hostile headers, oversized bodies: no 5xx, nothing written on a refusal", async () => {
    const cases = fc.record({
      method: fc.constantFrom("GET", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD"),
      origin: fc.oneof(
        fc.constantFrom(ORIGIN, "null", "https://evil.example", "", "not a url"),
        hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, "?")),
      ),
      requestHeaders: fc.oneof(
        fc.constant("authorization,content-type"),
        hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, "?")),
      ),
      withToken: fc.boolean(),
    });
    await fuzz(
      "checkout: other methods",
      cases,
      ({ method, origin, requestHeaders, withToken }) =>
        check(
          {
            method,
            path: "/api/checkout/offers",
            headers: {
              Origin: origin,
              "Access-Control-Request-Method": "POST",
              "Access-Control-Request-Headers": requestHeaders,
              "User-Agent": BROWSER,
              ...(withToken ? { Authorization: `Bearer ${jwt(checkoutClaims())}` } : {}),
            },
          },
          `checkout ${method}`,
        ),
      20,
    );
    const sizes = fc.record({ mib: fc.constantFrom(2, 12), chunked: fc.boolean() });
    await fuzz(
      "checkout: oversized",
      sizes,
      ({ mib, chunked }) =>
        check(
          {
            ...checkoutPost(
              jwt(checkoutClaims()),
              JSON.stringify({ ...validCheckoutBody, pad: "x".repeat(mib * 1024 * 1024) }),
            ),
            chunked,
          },
          `checkout ${mib} MiB`,
          {
            status: { is: 413, why: "a checkout request body far above what the extension sends", orReset: true },
          },
        ),
      3,
    );
  });
});

// --- unsubscribe links ---------------------------------------------------------------------------

/** An unsubscribe token over any claims, signed as app/email/unsubscribe-token.server.ts signs. */
function unsubscribeToken(claims: unknown, secret = TEST_API_SECRET): string {
  const payload = base64url(JSON.stringify(claims));
  return `${payload}.${createHmac("sha256", secret).update(`unsubscribe|${payload}`).digest("base64url")}`;
}

const validToken = () => unsubscribeToken({ v: 1, s: SHOP, c: "77" });

describe("GET/POST /email/unsubscribe", () => {
  it("refuses forged, tampered and malformed tokens with a 4xx, and writes nothing", async () => {
    const tokens = fc.oneof(
      hostileString,
      fc.constantFrom(
        "",
        ".",
        "a.b",
        validToken().slice(0, -1),
        `${validToken()}x`,
        validToken().toUpperCase(),
        unsubscribeToken({ v: 1, s: SHOP, c: "77" }, "another-secret"),
      ),
      fc.tuple(fc.string({ maxLength: 600 }), fc.string({ minLength: 43, maxLength: 43 })).map(([a, b]) => `${a}.${b}`),
      // Correctly signed, but claims the verifier must reject.
      fc
        .oneof(
          fc.record({ v: fc.oneof(fc.constant(2), hostileJsonValue), s: fc.constant(SHOP), c: fc.constant("77") }),
          fc.record({
            v: fc.constant(1),
            s: fc.oneof(hostileString, fc.constantFrom("evil.example.com", SHOP.toUpperCase())),
            c: fc.constant("77"),
          }),
          fc.record({
            v: fc.constant(1),
            s: fc.constant(SHOP),
            c: fc.oneof(
              hostileIdText.filter((id) => !/^\d{1,19}$/.test(id) || BigInt(id) > 2n ** 63n - 1n),
              hostileJsonValue,
            ),
          }),
          hostileJsonValue,
        )
        .map((claims) => unsubscribeToken(claims)),
    );
    const cases = fc.record({
      token: tokens,
      method: fc.constantFrom("GET", "POST", "POST"),
      where: fc.constantFrom("query", "form", "both"),
    });
    await fuzz(
      "unsubscribe: forged tokens",
      cases,
      ({ token, method, where }) => {
        const inQuery = method === "GET" || where !== "form";
        const path = `/email/unsubscribe${inQuery ? `?token=${percentEncode(token)}` : ""}`;
        const body =
          method === "POST"
            ? `List-Unsubscribe=One-Click${where !== "query" ? `&token=${percentEncode(token)}` : ""}`
            : undefined;
        return check(
          {
            method,
            path,
            headers: body === undefined ? {} : { "Content-Type": "application/x-www-form-urlencoded" },
            body,
          },
          `unsubscribe ${method} token in ${where}`,
          {
            mustRefuse: "not an unsubscribe token signed with the app secret, for a shop and customer id",
          },
        );
      },
      40,
    );
  });

  it("valid or missing tokens with odd query strings, content types and bodies: no 5xx, nothing written on a refusal", async () => {
    const cases = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD"),
      token: fc.constantFrom("valid", "none", "valid twice", "valid then junk"),
      extra: fc.array(fc.tuple(hostileString, hostileString), { maxLength: 3 }),
      type: contentType,
      body: fc.oneof(
        fc.constant("List-Unsubscribe=One-Click"),
        nonJsonBody,
        fc.constant(`--xyz\r\nContent-Disposition: form-data; name="token"\r\n\r\n${validToken()}\r\n--xyz--`),
      ),
    });
    await fuzz(
      "unsubscribe: odd requests",
      cases,
      ({ method, token, extra, type, body }) => {
        const tokens =
          token === "none"
            ? []
            : token === "valid"
              ? [validToken()]
              : token === "valid twice"
                ? [validToken(), validToken()]
                : [validToken(), "junk"];
        const query = [
          ...tokens.map((value) => `token=${percentEncode(value)}`),
          ...extra.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`),
        ].join("&");
        const hasBody = method !== "GET" && method !== "HEAD";
        return check(
          {
            method,
            path: `/email/unsubscribe?${query}`,
            headers: type === undefined || !hasBody ? {} : { "Content-Type": type },
            body: hasBody ? body : undefined,
          },
          `unsubscribe ${method} ${token}`,
        );
      },
      40,
    );
  });
});

// --- healthz, the root URL, /auth/*, paths no route has -------------------------------------------

describe("healthz, the root URL, /auth/* and unknown paths", () => {
  it("each method on each of these paths, without parameters or body: no 5xx, nothing written on a refusal", async () => {
    const paths = [
      "/healthz",
      "/healthz.data",
      "/",
      "/_root.data",
      "/auth",
      "/auth/login",
      "/auth/callback",
      "/auth/session-token",
      "/auth/exit-iframe",
      "/auth/anything",
      "/auth/login.data",
      "/email/unsubscribe",
      "/email/unsubscribe.data",
      "/api/checkout/offers",
      "/api/checkout/offers.data",
      "/no-such-page",
    ];
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    const cases = paths.flatMap((path) => methods.map((method) => ({ path, method })));
    await sweep("public: methods", cases, ({ path, method }) =>
      check(
        {
          method,
          path,
          headers: { "User-Agent": BROWSER },
          body: method === "GET" || method === "HEAD" ? undefined : "",
        },
        `${method} ${path}`,
      ),
    );
  });

  it("odd methods, query strings and paths: no 5xx, nothing written on a refusal", async () => {
    const segment = fc.oneof(
      hostileString.map(percentEncode),
      fc.constantFrom(
        "..",
        "%2e%2e",
        "%2F",
        "%00",
        "%",
        "%zz",
        "%E0%A4%A",
        "~",
        "login",
        "callback",
        "session-token",
        "exit-iframe",
        "new",
        "1",
        "app",
        "proxy",
        "webhooks",
        "api",
      ),
    );
    const cases = fc.record({
      method: fc.constantFrom("GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"),
      path: fc.oneof(
        fc.constantFrom(
          "/healthz",
          "/",
          "/auth",
          "/auth/login",
          "/auth/callback",
          "/auth/session-token",
          "/auth/exit-iframe",
          "//",
          "/healthz/",
          "/healthz.data",
          "/_root.data",
        ),
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`),
        segment.map((last) => `/auth/${last}`),
      ),
      query: fc.array(
        fc.tuple(
          fc.constantFrom(
            "shop",
            "host",
            "embedded",
            "id_token",
            "hmac",
            "timestamp",
            "code",
            "state",
            "_data",
            "_routes",
            "index",
          ),
          fc.oneof(hostileString, fc.constantFrom(SHOP, "evil.example.com", "", "1")).map(percentEncode),
        ),
        { maxLength: 3 },
      ),
      type: contentType,
      body: fc.option(nonJsonBody, { nil: undefined }),
    });
    await fuzz(
      "public: odd paths",
      cases,
      ({ method, path, query, type, body }) => {
        const hasBody = method !== "GET" && method !== "HEAD" && body !== undefined;
        const search = query.map(([key, value]) => `${key}=${value}`).join("&");
        return check(
          {
            method,
            path: `${path}${search ? `?${search}` : ""}`,
            headers: { "User-Agent": BROWSER, ...(hasBody && type !== undefined ? { "Content-Type": type } : {}) },
            body: hasBody ? body : undefined,
          },
          `public ${method} ${path}`,
        );
      },
      80,
    );
  });
});
