// The synchronous app proxy check against the library's (what `authenticate.public.appProxy`
// runs): the same answer for signed queries and for every way of breaking one.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { appProxySignature, signAppProxyQuery } from "../dev/shopify-stand-in/signing";
import { verifyAppProxySignature } from "./app-proxy-signature.server";

const SECRET = "proxy-signature-test-secret";
const SHOP = "signature-shop.myshopify.com";
const api = shopifyApi({
  apiKey: "key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "pairwise.test",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

async function libraryAccepts(params: URLSearchParams): Promise<boolean> {
  try {
    return await api.utils.validateHmac(params, { signator: "appProxy" });
  } catch {
    return false; // InvalidHmacError: missing or repeated signature/timestamp; the route answers 400 either way
  }
}

const now = () => Math.trunc(Date.now() / 1000);
const signed = (
  query: Record<string, string>,
  options: { timestamp?: number; customerId?: string; secret?: string } = {},
) => signAppProxyQuery(options.secret ?? SECRET, SHOP, new URLSearchParams(query), options);

/** A query with its signature recomputed over whatever it now holds (repeats included). */
function resigned(params: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(params);
  copy.delete("signature");
  copy.append("signature", appProxySignature(SECRET, copy));
  return copy;
}

const product = { surface: "product", product_id: "1001", visitor: "visitor-abcdef", locale: "fr-CA", currency: "CAD" };

const cases: [string, () => URLSearchParams, boolean][] = [
  ["a signed product query", () => signed(product), true],
  [
    "a signed cart query with a logged-in customer",
    () => signed({ surface: "drawer", cart: "2001:1,2002:3" }, { customerId: "7001" }),
    true,
  ],
  ["values with characters that need encoding", () => signed({ ...product, visitor: "a b+c/d?é&x=1" }), true],
  [
    "a repeated parameter (values joined by commas)",
    () => resigned(new URLSearchParams([...signed(product), ["kind", "upgrade"], ["kind", "cross_sell"]])),
    true,
  ],
  ["a timestamp 60 s old", () => signed(product, { timestamp: now() - 60 }), true],
  ["a timestamp 60 s ahead", () => signed(product, { timestamp: now() + 60 }), true],
  ["another secret", () => signed(product, { secret: "other-secret" }), false],
  [
    "a tampered value",
    () => new URLSearchParams(signed(product).toString().replace("product_id=1001", "product_id=1002")),
    false,
  ],
  ["an added parameter", () => new URLSearchParams([...signed(product), ["limit", "10"]]), false],
  [
    "a removed parameter",
    () => {
      const p = signed(product);
      p.delete("visitor");
      return p;
    },
    false,
  ],
  [
    "no signature",
    () => {
      const p = signed(product);
      p.delete("signature");
      return p;
    },
    false,
  ],
  [
    "an empty signature",
    () => {
      const p = signed(product);
      p.set("signature", "");
      return p;
    },
    false,
  ],
  [
    "an upper-case signature",
    () => {
      const p = signed(product);
      p.set("signature", p.get("signature")!.toUpperCase());
      return p;
    },
    false,
  ],
  [
    "a truncated signature",
    () => {
      const p = signed(product);
      p.set("signature", p.get("signature")!.slice(0, 40));
      return p;
    },
    false,
  ],
  ["a timestamp 120 s old", () => signed(product, { timestamp: now() - 120 }), false],
  ["a timestamp 120 s ahead", () => signed(product, { timestamp: now() + 120 }), false],
  [
    "no timestamp",
    () => resigned(new URLSearchParams([...signed(product)].filter(([key]) => key !== "timestamp"))),
    false,
  ],
  [
    "a timestamp that is not an integer",
    () => resigned(new URLSearchParams([...signed(product)].map(([k, v]) => [k, k === "timestamp" ? `${v}.5` : v]))),
    false,
  ],
  [
    "a repeated shop",
    () => resigned(new URLSearchParams([...signed(product), ["shop", "other.myshopify.com"]])),
    false,
  ],
  [
    "a repeated timestamp",
    () => resigned(new URLSearchParams([...signed(product), ["timestamp", String(now())]])),
    false,
  ],
  [
    "a repeated signature",
    () => {
      const p = signed(product);
      p.append("signature", p.get("signature")!);
      return p;
    },
    false,
  ],
];

describe("verifyAppProxySignature", () => {
  it.each(cases)("%s: agrees with the library", async (_name, build, valid) => {
    const params = build();
    expect(await libraryAccepts(params)).toBe(valid);
    expect(verifyAppProxySignature(params, SECRET)).toBe(valid);
  });

  it("agrees with the library on random queries and random one-character changes to them", async () => {
    const keys = [
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
      "x_y",
      "a",
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 200; i++) {
      const query: Record<string, string> = {};
      for (const key of keys) if (random() < 0.5) query[key] = Math.floor(random() * 1e9).toString(36);
      let params = signed(query, { customerId: random() < 0.3 ? "42" : "" });
      if (random() < 0.5) {
        const text = params.toString();
        const at = Math.floor(random() * text.length);
        params = new URLSearchParams(text.slice(0, at) + (text[at] === "1" ? "2" : "1") + text.slice(at + 1));
      }
      expect(verifyAppProxySignature(params, SECRET), params.toString()).toBe(await libraryAccepts(params));
    }
  });
});
