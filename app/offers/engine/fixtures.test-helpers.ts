// A small espresso shop for the engine's tests: every guardrail has a product that trips it.
import { DEFAULT_GUARDRAILS, type CatalogProduct, type Neighbour, type OfferInput, type RuleRow } from "./types";

export const NOW = new Date("2026-11-23T12:00:00Z");
export const SHOP = "espresso.myshopify.com";

function product(
  id: string,
  title: string,
  attrs: Partial<CatalogProduct> & { prices?: [string, number, boolean][] },
): CatalogProduct {
  const prices = attrs.prices ?? [[`${id}1`, 10, true]];
  return {
    id,
    title,
    handle: title.toLowerCase().replaceAll(" ", "-"),
    productType: attrs.productType ?? "",
    vendor: attrs.vendor ?? "",
    tags: attrs.tags ?? [],
    collectionIds: attrs.collectionIds ?? [],
    status: attrs.status ?? "ACTIVE",
    available: prices.some(([, , available]) => available),
    variants: prices.map(([variantId, price, available], index) => ({
      id: variantId,
      productId: id,
      title: index === 0 ? "Default Title" : `Option ${index + 1}`,
      price,
      available,
      position: index + 1,
    })),
  };
}

export const CATALOG: CatalogProduct[] = [
  product("1", "Espresso Machine", {
    collectionIds: ["100"],
    productType: "Espresso machine",
    vendor: "Acme",
    tags: ["espresso"],
    prices: [
      ["11", 400, true],
      ["12", 420, true],
    ],
  }),
  product("2", "Tamper", {
    collectionIds: ["100", "200"],
    productType: "Tool",
    vendor: "Acme",
    tags: ["espresso", "barista"],
    prices: [["21", 30, true]],
  }),
  product("3", "Milk Jug", {
    collectionIds: ["200"],
    productType: "Tool",
    vendor: "Jugco",
    tags: ["milk"],
    prices: [["31", 20, true]],
  }),
  product("4", "Knock Box", {
    collectionIds: ["100"],
    productType: "Tool",
    vendor: "Acme",
    tags: ["espresso"],
    prices: [["41", 25, false]],
  }),
  product("5", "Cleaning Tablets", {
    collectionIds: ["300"],
    productType: "Care",
    vendor: "Clean",
    prices: [["51", 12, true]],
  }),
  product("6", "House Beans", {
    collectionIds: ["400"],
    productType: "Coffee",
    vendor: "Roast",
    tags: ["espresso"],
    prices: [
      ["61", 15, true],
      ["62", 18, false],
    ],
  }),
  product("7", "Espresso Machine Pro", {
    collectionIds: ["500"],
    productType: "Espresso machine",
    vendor: "Acme",
    tags: ["espresso"],
    prices: [["71", 560, true]],
  }),
  product("8", "Espresso Machine Ultra", {
    collectionIds: ["500"],
    productType: "Espresso machine",
    vendor: "Acme",
    tags: ["espresso"],
    prices: [["81", 900, true]],
  }),
  product("9", "Grinder", {
    collectionIds: ["100"],
    productType: "Grinder",
    vendor: "Acme",
    tags: ["espresso"],
    prices: [["91", 150, true]],
  }),
  product("10", "Secret Prototype", { status: "DRAFT", collectionIds: ["100"], prices: [["101", 99, true]] }),
];

const neighbour = (id: string, score: number): Neighbour => ({
  id,
  score,
  together: 10,
  support: 0.01,
  confidence: score,
  lift: 2,
  source: "history",
});

/** The machine's neighbours, best first: 4 is sold out, 5 is below the default relevance threshold. */
export const MACHINE_NEIGHBOURS: Neighbour[] = [
  neighbour("2", 0.3),
  neighbour("4", 0.25),
  neighbour("3", 0.2),
  neighbour("6", 0.1),
  neighbour("9", 0.06),
  neighbour("5", 0.01),
];

let ruleCount = 0;
export function rule(partial: Partial<RuleRow> & Pick<RuleRow, "trigger" | "offer">): RuleRow {
  ruleCount += 1;
  return {
    id: partial.id ?? `rule-${ruleCount}`,
    name: partial.name ?? `Rule ${ruleCount}`,
    kind: "CROSS_SELL",
    enabled: true,
    priority: 0,
    stopHere: false,
    surfaces: [],
    discount: null,
    conditions: null,
    valueText: null,
    maxPriceIncrease: null,
    startsAt: null,
    endsAt: null,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...partial,
  };
}

/** The machine's product page for a visitor with no history; holdout off so rows are deterministic. */
export function productPage(): OfferInput {
  return {
    shop: SHOP,
    guardrails: { ...DEFAULT_GUARDRAILS, holdoutShare: 0 },
    rules: [],
    overrides: [],
    neighbours: MACHINE_NEIGHBOURS,
    catalog: CATALOG,
    context: {
      surface: "product",
      productId: "1",
      variantId: "11",
      cart: [],
      visitorId: "visitor-1",
      recentEvents: [],
      now: NOW,
    },
  };
}

export const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
