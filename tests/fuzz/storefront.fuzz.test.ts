// Fuzz (issue #13, decision 017): the storefront's requests through the app proxy, the offers request
// on both paths (node:http fast path for GET; the Remix route for HEAD and the trailing slash) and the
// events beacon, with bad signatures, hostile parameters and bodies. Each case: no 5xx, nothing written
// on a 4xx; the process still serves.
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { startTestAppServer } from "../support/app-server";
import { GRINDER, MACHINE, seedOfferShop } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";
import { signedProxyQuery, type QueryPart } from "./support/app-proxy";
import { fuzzer, type Expectations } from "./support/harness";
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

const app = startTestAppServer();
const { property: fuzz, sweep, check } = fuzzer(app);
const SHOP = uniqueShop("fuzz-store");
const UNKNOWN_SHOP = uniqueShop("fuzz-unknown");

beforeAll(async () => {
  await seedOfferShop(SHOP);
});

/** How the offers request reaches the app: the fast path (GET) or the Remix route. */
const offersRequest = fc.constantFrom(
  { method: "GET", path: "/proxy/offers" },
  { method: "GET", path: "/proxy/offers" },
  { method: "HEAD", path: "/proxy/offers" },
  { method: "GET", path: "/proxy/offers/" },
);

const validOffersParams: QueryPart[] = [
  ["surface", "product"],
  ["product_id", String(MACHINE)],
  ["visitor", "visitor-fuzz-0001"],
  ["format", "json"],
];

/** A hostile stand-in for one parameter's value. */
const hostileValue = fc.oneof(
  hostileString,
  hostileIdText,
  fc.integer({ min: 1_000, max: 7_000 }).map((length) => "7".repeat(length)),
  fc.constantFrom(
    "product",
    "cart",
    "drawer",
    "checkout",
    "PRODUCT",
    "json",
    "liquid",
    "cross_sell",
    "upgrade",
    "0",
    "11",
    "-1",
    "1.5",
    "1e3",
    "NaN",
  ),
);

/** Values of a cart parameter: lines of ids at the edges, quantities, separators. */
const cartValue = fc.oneof(
  fc
    .array(
      fc.tuple(
        idDigits,
        fc.oneof(
          fc.constant(""),
          fc.integer({ min: 0, max: 99_999 }).map((n) => `:${n}`),
        ),
      ),
      { maxLength: 60 },
    )
    .map((lines) => lines.map(([id, quantity]) => `${id}${quantity}`).join(",")),
  fc.constantFrom("", ",", ":", "2001:", ":1", "2001:1,,2002:1", "2001:1:1", "2001;1", "2001:99999999999999999999"),
  hostileString,
);

/** The offers request is a cacheable read: whatever its answer, it writes nothing. */
const OFFERS_READ_ONLY: Expectations = { readOnly: "the offers request (a cacheable GET) only reads" };

const OFFERS_KEYS = [
  "surface",
  "product_id",
  "variant_id",
  "cart",
  "visitor",
  "locale",
  "currency",
  "kind",
  "limit",
  "format",
];

/** A signed query: valid parameters with some replaced, repeated, added or malformed. */
const hostileOffersQuery = fc.record({
  base: fc.constantFrom<QueryPart[]>(
    validOffersParams,
    [
      ["surface", "cart"],
      ["cart", "2001:1"],
    ],
    [
      ["surface", "drawer"],
      ["cart", ""],
    ],
    [],
  ),
  replaced: fc.array(fc.tuple(fc.constantFrom(...OFFERS_KEYS), fc.oneof(hostileValue, cartValue)), { maxLength: 3 }),
  repeated: fc.array(
    fc.tuple(
      fc.constantFrom(...OFFERS_KEYS, "shop", "timestamp", "logged_in_customer_id", "path_prefix"),
      hostileValue,
    ),
    { maxLength: 2 },
  ),
  extra: fc.array(fc.tuple(hostileString, hostileString), { maxLength: 2 }),
  raw: fc.array(fc.constantFrom("%", "%zz", "%FF", "%C0%AF", "%ED%A0%80", "a=%", "&&", "=", "==x", "product_id=%00"), {
    maxLength: 2,
  }),
  customerId: fc.oneof(fc.constant(""), idDigits, hostileString),
  pathPrefix: fc.oneof(fc.constant("/apps/pairwise"), fc.constant("/tools/other"), hostileString),
  shop: fc.constantFrom(SHOP, SHOP, UNKNOWN_SHOP, "evil.example.com", SHOP.toUpperCase(), ""),
});

describe("every app proxy path", () => {
  it("each method on each path, signed and unsigned, without parameters or body: no 5xx, nothing written on a refusal; unsigned never accepted", async () => {
    const paths = [
      "/proxy/offers",
      "/proxy/offers/",
      "/proxy/offers.data",
      "/proxy/events",
      "/proxy/events/",
      "/proxy/events.data",
      "/proxy",
      "/proxy/other",
    ];
    const methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"];
    const cases = paths.flatMap((path) =>
      methods.flatMap((method) => [true, false].map((signed) => ({ path, method, signed }))),
    );
    await sweep("proxy: methods", cases, ({ path, method, signed }) => {
      const query = signed ? `?${signedProxyQuery(TEST_API_SECRET, SHOP, [])}` : "";
      return check(
        {
          method,
          path: `${path}${query}`,
          headers: { "Content-Type": "text/plain;charset=UTF-8" },
          body: method === "GET" || method === "HEAD" ? undefined : "",
        },
        `${method} ${path}${signed ? " signed" : ""}`,
        signed ? {} : { mustRefuse: "not signed" },
      );
    });
  });
});

describe("GET/HEAD /proxy/offers (app proxy)", () => {
  it("refuses unsigned, badly signed and stale queries with a 4xx, and writes nothing", async () => {
    const forgeries = fc.record({
      via: offersRequest,
      forgery: fc.constantFrom(
        "unsigned",
        "another secret",
        "changed after signing",
        "stale timestamp",
        "future timestamp",
        "signature twice",
        "shop twice",
        "timestamp twice",
        "uppercase signature",
        "short signature",
        "signature in hmac",
        "no timestamp",
      ),
    });
    await fuzz(
      "proxy offers: forged",
      forgeries,
      async ({ via, forgery }) => {
        const now = Math.floor(Date.now() / 1000);
        let query = signedProxyQuery(
          forgery === "another secret" ? "not-the-app-secret" : TEST_API_SECRET,
          SHOP,
          validOffersParams,
          {
            timestamp:
              forgery === "stale timestamp"
                ? String(now - 600)
                : forgery === "future timestamp"
                  ? String(now + 600)
                  : undefined,
          },
        );
        if (forgery === "unsigned") query = query.replace(/&signature=[0-9a-f]+$/, "");
        if (forgery === "changed after signing")
          query = query.replace(`product_id=${MACHINE}`, `product_id=${GRINDER}`);
        if (forgery === "signature twice") query += `&signature=${"0".repeat(64)}`;
        if (forgery === "shop twice") query += `&shop=${UNKNOWN_SHOP}`;
        if (forgery === "timestamp twice") query += `&timestamp=${now}`;
        if (forgery === "uppercase signature")
          query = query.replace(/signature=([0-9a-f]+)$/, (_match, hex: string) => `signature=${hex.toUpperCase()}`);
        if (forgery === "short signature")
          query = query.replace(/signature=([0-9a-f]+)$/, (_match, hex: string) => `signature=${hex.slice(0, 32)}`);
        if (forgery === "signature in hmac") query = query.replace("signature=", "hmac=");
        if (forgery === "no timestamp") query = query.replace(/timestamp=\d+&?/, "");
        await check({ method: via.method, path: `${via.path}?${query}` }, `offers forged: ${forgery}`, {
          mustRefuse: "not a current app proxy signature",
        });
      },
      24,
    );
  });

  it("signed queries with hostile parameters (ids out of range, repeated keys, unicode, bad escapes, long values): no 5xx, nothing written", async () => {
    await fuzz(
      "proxy offers: signed hostile query",
      fc.tuple(offersRequest, hostileOffersQuery),
      async ([via, query]) => {
        const replacedKeys = new Set(query.replaced.map(([key]) => key));
        const parts: QueryPart[] = [
          ...query.base.filter((part) => !Array.isArray(part) || !replacedKeys.has(part[0])),
          ...query.replaced,
          ...query.repeated,
          ...query.extra,
          ...query.raw.map((raw) => ({ raw })),
        ];
        const signed = signedProxyQuery(TEST_API_SECRET, query.shop, parts, {
          customerId: query.customerId,
          pathPrefix: query.pathPrefix,
        });
        await check(
          { method: via.method, path: `${via.path}?${signed}` },
          "offers signed hostile query",
          OFFERS_READ_ONLY,
        );
      },
      100,
    );
  });

  it("signed, otherwise valid queries whose ids are 16–20+ digits (product, variant, cart, customer): no 5xx, nothing written (issue #13 item 5)", async () => {
    const PLACES = ["product_id", "variant_id", "cart", "logged_in_customer_id"] as const;
    const send = ({
      via,
      surface,
      id,
      where,
    }: {
      via: { method: string; path: string };
      surface: string;
      id: string;
      where: (typeof PLACES)[number];
    }) => {
      const parts: QueryPart[] = [
        ["surface", surface],
        ["format", "json"],
        ["visitor", "visitor-fuzz-0002"],
      ];
      parts.push(["product_id", where === "product_id" ? id : String(MACHINE)]);
      if (where === "variant_id") parts.push(["variant_id", id]);
      parts.push(["cart", where === "cart" ? `2001:1,${id}:2` : "2001:1"]);
      const signed = signedProxyQuery(TEST_API_SECRET, SHOP, parts, {
        customerId: where === "logged_in_customer_id" ? id : "",
      });
      return check(
        { method: via.method, path: `${via.path}?${signed}` },
        `offers ${surface} with ${where}=${id}`,
        OFFERS_READ_ONLY,
      );
    };
    // Every place with every edge id, on the fast path and the Remix route.
    const surfaceFor = (where: (typeof PLACES)[number]) =>
      where === "product_id" || where === "variant_id" ? "product" : "cart";
    const edges = PLACES.flatMap((where) =>
      EDGE_IDS.flatMap((id) =>
        [
          { method: "GET", path: "/proxy/offers" },
          { method: "GET", path: "/proxy/offers/" },
        ].map((via) => ({ via, surface: surfaceFor(where), id, where })),
      ),
    );
    await sweep("proxy offers: edge ids", edges, send);
    const cases = fc.record({
      via: offersRequest,
      surface: fc.constantFrom("product", "cart", "drawer"),
      id: idDigits,
      where: fc.constantFrom(...PLACES),
    });
    await fuzz("proxy offers: big ids", cases, send, 20);
  });

  it("other methods and bodies on the offers path: no 5xx, nothing written on a refusal", async () => {
    const cases = fc.record({
      method: fc.constantFrom("POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
      type: contentType,
      body: nonJsonBody,
    });
    await fuzz(
      "proxy offers: other methods",
      cases,
      ({ method, type, body }) =>
        check(
          {
            method,
            path: `/proxy/offers?${signedProxyQuery(TEST_API_SECRET, SHOP, validOffersParams)}`,
            headers: type === undefined ? {} : { "Content-Type": type },
            body,
          },
          `offers ${method}`,
        ),
      20,
    );
  });
});

const validEvent = {
  type: "impression",
  surface: "product",
  offer: "pw_0123456789abcdef",
  kind: "cross_sell",
  rule: "rule-1",
  product: "1001",
  offered: "1002",
};
const validBeacon = { visitor: "visitor-fuzz-0003", events: [validEvent, { ...validEvent, type: "click" }] };

const eventsPath = (parts: QueryPart[] = [], shop = SHOP) =>
  `/proxy/events?${signedProxyQuery(TEST_API_SECRET, shop, parts)}`;

describe("POST /proxy/events (app proxy)", () => {
  it("refuses unsigned and badly signed beacons with a 4xx, and writes nothing", async () => {
    const forgeries = fc.record({
      forgery: fc.constantFrom("unsigned", "another secret", "shop changed after signing", "stale timestamp"),
      method: fc.constantFrom("POST", "POST", "GET", "PUT"),
    });
    await fuzz(
      "proxy events: forged",
      forgeries,
      async ({ forgery, method }) => {
        let query = signedProxyQuery(forgery === "another secret" ? "nope" : TEST_API_SECRET, SHOP, [], {
          timestamp: forgery === "stale timestamp" ? String(Math.floor(Date.now() / 1000) - 600) : undefined,
        });
        if (forgery === "unsigned") query = query.replace(/&signature=[0-9a-f]+$/, "");
        if (forgery === "shop changed after signing")
          query = query.replace(`shop=${SHOP.replace(/\./g, ".")}`, `shop=${UNKNOWN_SHOP}`);
        await check(
          {
            method,
            path: `/proxy/events?${query}`,
            headers: { "Content-Type": "text/plain;charset=UTF-8" },
            body: method === "GET" ? undefined : JSON.stringify(validBeacon),
          },
          `events forged: ${forgery}`,
          { mustRefuse: "not a current app proxy signature" },
        );
      },
      16,
    );
  });

  it("signed beacons with hostile bodies (not JSON, wrong shapes, hostile fields, odd content types): no 5xx, nothing written on a refusal", async () => {
    const bodies = fc.oneof(
      nonJsonBody,
      hostileJsonValue.map((value) => JSON.stringify(value) ?? "null"),
      mutatedJson(validBeacon).map((mutated) => mutated.body),
      fc
        .array(fc.constant(validEvent), { minLength: 0, maxLength: 40 })
        .map((events) => JSON.stringify({ visitor: "visitor-fuzz-0004", events })),
    );
    const cases = fc.record({
      body: bodies,
      type: contentType,
      shop: fc.constantFrom(SHOP, SHOP, UNKNOWN_SHOP),
      query: fc.array(fc.tuple(hostileString, hostileString), { maxLength: 2 }),
    });
    await fuzz(
      "proxy events: signed hostile body",
      cases,
      ({ body, type, shop, query }) =>
        check(
          {
            method: "POST",
            path: eventsPath(query, shop),
            headers: type === undefined ? {} : { "Content-Type": type },
            body,
          },
          "events signed hostile body",
        ),
      70,
    );
  });

  it("signed events whose product ids are 16–20+ digits: no 5xx (issue #13 item 5)", async () => {
    const send = ({ product, field }: { product: string; field: string }) =>
      check(
        {
          method: "POST",
          path: eventsPath(),
          headers: { "Content-Type": "text/plain;charset=UTF-8" },
          body: JSON.stringify({ visitor: "visitor-fuzz-0005", events: [{ ...validEvent, [field]: product }] }),
        },
        `events ${field}=${product}`,
      );
    await sweep(
      "proxy events: edge ids",
      ["product", "offered"].flatMap((field) => EDGE_IDS.map((product) => ({ product, field }))),
      send,
    );
    await fuzz(
      "proxy events: big ids",
      fc.record({ product: fc.oneof(idDigits, hostileIdText), field: fc.constantFrom("product", "offered") }),
      send,
      20,
    );
  });

  it("signed oversized beacons (with and without Content-Length, up to 4 MiB): refused with 413, nothing written", async () => {
    const cases = fc.record({ kib: fc.constantFrom(9, 64, 1024, 4096), chunked: fc.boolean() });
    await fuzz(
      "proxy events: oversized",
      cases,
      ({ kib, chunked }) =>
        check(
          {
            method: "POST",
            path: eventsPath(),
            headers: { "Content-Type": "text/plain;charset=UTF-8" },
            body: JSON.stringify({ ...validBeacon, pad: "x".repeat(kib * 1024) }),
            chunked,
          },
          `events ${kib} KiB${chunked ? " chunked" : ""}`,
          { status: { is: 413, why: "a beacon above the 8 KiB cap", orReset: true } },
        ),
      8,
    );
  });
});
