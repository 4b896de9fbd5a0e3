// Table-driven: each row is a shop situation → the offers shown and what each guardrail removed.
import { describe, expect, it } from "vitest";
import { selectOffers, startOffers } from "./engine";
import { hoursAgo, productPage, rule } from "./fixtures.test-helpers";
import type { OfferInput, OfferResult, VisitorEvent } from "./types";

interface Row {
  name: string;
  given: (input: OfferInput) => void;
  /** Offered product ids, in order. */
  offers: string[];
  /** "guardrail:productId" for every removal, in order. */
  removed: string[];
  rules?: Record<string, string>;
  holdout?: boolean;
}

const event = (
  type: VisitorEvent["type"],
  productId: string,
  at: Date,
  kind: VisitorEvent["offerKind"] = "cross_sell",
): VisitorEvent => ({
  type,
  offerId: `pw_other_surface_${productId}`,
  offerKind: kind,
  offeredProductId: productId,
  occurredAt: at,
});

const upgrade = (id: string, to: string, extra: Partial<Parameters<typeof rule>[0]> = {}) =>
  rule({
    id,
    kind: "UPGRADE",
    trigger: { productId: "1" },
    offer: { productId: to },
    valueText: "Twice the steam",
    ...extra,
  });

const ROWS: Row[] = [
  {
    name: "recommender only: best first; sold out, irrelevant and surplus removed",
    given: () => {},
    offers: ["2", "3", "6"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:9"],
  },
  {
    name: "max offers per surface is the shop's setting",
    given: (input) => void (input.guardrails.maxOffersPerSurface = 1),
    offers: ["2"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:3", "max_offers:6", "max_offers:9"],
  },
  {
    name: "a block's own lower limit applies too",
    given: (input) => void (input.context.limit = 2),
    offers: ["2", "3"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:6", "max_offers:9"],
  },
  {
    name: "nothing already in the cart",
    given: (input) => void input.context.cart.push({ productId: "2", variantId: "21", quantity: 1 }),
    offers: ["3", "6", "9"],
    removed: ["in_cart:2", "out_of_stock:4", "relevance:5"],
  },
  {
    name: "relevance threshold is the shop's setting",
    given: (input) => void (input.guardrails.relevanceThreshold = 0.15),
    // The catalog fallback fills the gap (7 scores 0.6 on shared type, tags and vendor); a product
    // already removed as a neighbour is not proposed again.
    offers: ["2", "3", "7"],
    removed: ["out_of_stock:4", "relevance:6", "relevance:9", "relevance:5", "unavailable:10", "max_offers:8"],
  },
  {
    name: "no repeat of an offer dismissed within the frequency cap window",
    given: (input) => void input.context.recentEvents.push(event("dismiss", "2", hoursAgo(1))),
    offers: ["3", "6", "9"],
    removed: ["frequency_cap:2", "out_of_stock:4", "relevance:5"],
  },
  {
    name: "a dismissal older than the window no longer counts",
    given: (input) => void input.context.recentEvents.push(event("dismiss", "2", hoursAgo(25))),
    offers: ["2", "3", "6"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:9"],
  },
  {
    name: "right after an accept: the accepted offer is capped and nothing new appears",
    given: (input) =>
      void input.context.recentEvents.push(
        event("impression", "6", hoursAgo(3)),
        event("add_to_cart", "3", hoursAgo(2)),
      ),
    offers: ["6"],
    removed: [
      "after_accept:2",
      "out_of_stock:4",
      "frequency_cap:3",
      "after_accept:9",
      "relevance:5",
      "after_accept:7",
      "after_accept:8",
      "unavailable:10",
    ],
  },
  {
    name: "frequency cap 0 turns both caps off",
    given: (input) => {
      input.guardrails.frequencyCapHours = 0;
      input.context.recentEvents.push(event("dismiss", "2", hoursAgo(1)), event("add_to_cart", "3", hoursAgo(1)));
    },
    offers: ["2", "3", "6"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:9"],
  },
  {
    name: "holdout visitors see nothing; the trace keeps what they would have seen",
    given: (input) => void (input.guardrails.holdoutShare = 1),
    offers: [],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:9", "holdout:2", "holdout:3", "holdout:6"],
    holdout: true,
  },
  {
    name: "pinned pairs come first and skip the relevance threshold",
    given: (input) => void input.overrides.push({ productId: "1", otherProductId: "5", mode: "PIN" }),
    offers: ["5", "2", "3"],
    removed: ["out_of_stock:4", "max_offers:6", "max_offers:9"],
  },
  {
    name: "blocked pairs never show, whatever proposes them",
    given: (input) => {
      input.overrides.push({ productId: "1", otherProductId: "2", mode: "BLOCK" });
      input.rules.push(rule({ id: "r-tamper", trigger: { productIds: ["1"] }, offer: { productIds: ["2"] } }));
    },
    offers: ["3", "6", "9"],
    removed: ["blocked:2", "out_of_stock:4", "relevance:5"],
    rules: { "r-tamper": "matched" },
  },
  {
    name: "a block works in both directions",
    given: (input) => void input.overrides.push({ productId: "3", otherProductId: "1", mode: "BLOCK" }),
    offers: ["2", "6", "9"],
    removed: ["out_of_stock:4", "blocked:3", "relevance:5"],
  },
  {
    name: "rules come before the recommender, in priority order (lower first)",
    given: (input) =>
      void input.rules.push(
        rule({ id: "r-late", priority: 2, trigger: { productIds: ["1"] }, offer: { productIds: ["5"] } }),
        rule({ id: "r-early", priority: 1, trigger: { collectionIds: ["100"] }, offer: { productIds: ["9"] } }),
      ),
    offers: ["9", "5", "2"],
    removed: ["out_of_stock:4", "max_offers:3", "max_offers:6"],
    rules: { "r-early": "matched", "r-late": "matched" },
  },
  {
    name: "stop here: later rules, the recommender and the catalog are skipped",
    given: (input) =>
      void input.rules.push(
        rule({
          id: "r-stop",
          priority: 0,
          stopHere: true,
          trigger: { tags: ["ESPRESSO"] },
          offer: { productIds: ["5", "4"] },
        }),
        rule({ id: "r-next", priority: 1, trigger: { anyProduct: true }, offer: { productIds: ["3"] } }),
      ),
    offers: ["5"],
    removed: ["out_of_stock:4"],
    rules: { "r-stop": "matched", "r-next": "skipped_by_stop_here" },
  },
  {
    name: "rules off surface, out of schedule, with unmet conditions or invalid are skipped",
    given: (input) =>
      void input.rules.push(
        rule({ id: "r-cart", surfaces: ["cart"], trigger: { anyProduct: true }, offer: { productIds: ["5"] } }),
        rule({ id: "r-ended", endsAt: hoursAgo(1), trigger: { anyProduct: true }, offer: { productIds: ["5"] } }),
        rule({
          id: "r-later",
          startsAt: new Date("2027-01-01"),
          trigger: { anyProduct: true },
          offer: { productIds: ["5"] },
        }),
        rule({
          id: "r-returning",
          conditions: { customer: "returning" },
          trigger: { anyProduct: true },
          offer: { productIds: ["5"] },
        }),
        rule({ id: "r-vendor", trigger: { vendors: ["Other"] }, offer: { productIds: ["5"] } }),
        rule({ id: "r-broken", trigger: { productIds: ["not-a-number"] }, offer: { productIds: ["5"] } }),
        rule({ id: "r-off", enabled: false, trigger: { anyProduct: true }, offer: { productIds: ["5"] } }),
      ),
    offers: ["2", "3", "6"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:9"],
    rules: {
      "r-cart": "off_surface",
      "r-ended": "out_of_schedule",
      "r-later": "out_of_schedule",
      "r-returning": "conditions_unmet",
      "r-vendor": "not_triggered",
      "r-broken": "invalid",
      "r-off": "disabled",
    },
  },
  {
    name: "customer conditions match known customers: tags and cart subtotal",
    given: (input) => {
      input.context.customer = { returning: true, tags: ["VIP"] };
      input.context.cart.push({ productId: "3", variantId: "31", quantity: 3 }); // subtotal 60
      input.rules.push(
        rule({
          id: "r-vip",
          conditions: { customer: "returning", customerTagsAny: ["vip"], minSubtotal: 50 },
          trigger: { anyProduct: true },
          offer: { productIds: ["5"] },
        }),
        rule({
          id: "r-small",
          conditions: { maxSubtotal: 40 },
          trigger: { anyProduct: true },
          offer: { productIds: ["9"] },
        }),
        rule({
          id: "r-novip",
          conditions: { customerTagsNone: ["vip"] },
          trigger: { anyProduct: true },
          offer: { productIds: ["9"] },
        }),
      );
    },
    offers: ["5", "2", "6"],
    removed: ["out_of_stock:4", "in_cart:3", "max_offers:9"],
    rules: { "r-vip": "matched", "r-small": "conditions_unmet", "r-novip": "conditions_unmet" },
  },
  {
    name: "offers of missing, draft and sold-out products are removed",
    given: (input) =>
      void input.rules.push(rule({ trigger: { anyProduct: true }, offer: { productIds: ["999", "10", "4"] } })),
    offers: ["2", "3", "6"],
    removed: ["unavailable:999", "unavailable:10", "out_of_stock:4", "relevance:5", "max_offers:9"],
  },
  {
    name: "no neighbours: the catalog fallback fills in, sold-out and surplus removed",
    given: (input) => void (input.neighbours = []),
    offers: ["9", "7", "8"],
    removed: ["out_of_stock:4", "unavailable:10", "max_offers:2", "max_offers:6"],
  },
  {
    name: "upgrades: no upgrade above the shop's price ceiling (+50%)",
    given: (input) => {
      input.context.kinds = ["upgrade"];
      input.rules.push(upgrade("u-pro", "7"), upgrade("u-ultra", "8"));
    },
    offers: ["7"],
    removed: ["price_ceiling:8"],
    rules: { "u-pro": "matched", "u-ultra": "matched" },
  },
  {
    name: "upgrades: a rule's own max price increase is stricter",
    given: (input) => {
      input.context.kinds = ["upgrade"];
      input.rules.push(upgrade("u-pro", "7", { maxPriceIncrease: 0.3 }));
    },
    offers: [],
    removed: ["price_ceiling:7"],
  },
  {
    name: "upgrades: not when the premium variant is already in the cart",
    given: (input) => {
      input.context = {
        ...input.context,
        surface: "drawer",
        productId: undefined,
        variantId: undefined,
        kinds: ["upgrade"],
      };
      input.context.cart.push(
        { productId: "1", variantId: "11", quantity: 1 },
        { productId: "7", variantId: "71", quantity: 1 },
      );
      input.rules.push(upgrade("u-pro", "7"));
    },
    offers: [],
    removed: ["in_cart:7"],
  },
  {
    name: "a block asking for cross-sells only never sees upgrades",
    given: (input) => {
      input.context.kinds = ["cross_sell"];
      input.rules.push(upgrade("u-pro", "7"));
    },
    offers: ["2", "3", "6"],
    removed: ["out_of_stock:4", "relevance:5", "max_offers:9"],
    rules: { "u-pro": "kind_not_requested" },
  },
];

const summary = (result: OfferResult) => ({
  offers: result.offers.map((offer) => offer.products[0].productId),
  removed: result.trace.removed.map((removal) => `${removal.guardrail}:${removal.productId}`),
  rules: Object.fromEntries(result.trace.rules.map((trace) => [trace.ruleId, trace.outcome])),
  holdout: result.holdout,
});

describe("selectOffers guardrails", () => {
  it.each(ROWS)("$name", (row) => {
    const input = productPage();
    row.given(input);
    const got = summary(selectOffers(input));
    expect({ offers: got.offers, removed: got.removed }).toEqual({ offers: row.offers, removed: row.removed });
    if (row.rules) expect(got.rules).toMatchObject(row.rules);
    expect(got.holdout).toBe(row.holdout ?? false);
  });

  it.each(ROWS)("offers only (the storefront's mode) gives the same offers: $name", (row) => {
    const full = productPage();
    row.given(full);
    const quick = structuredClone(full);
    const [fullResult, quickResult] = [selectOffers(full), selectOffers(quick, { trace: "offers" })];
    expect(quickResult.offers).toEqual(fullResult.offers);
    expect(quickResult.holdout).toBe(fullResult.holdout);
    if (!fullResult.holdout) expect(quickResult.catalogFallback).toBe(fullResult.catalogFallback);
  });
});

describe("startOffers: the fallback's pool given only when the run reaches the fallback", () => {
  /** The input without the products nothing but the fallback can name (its pool), and that pool. */
  const split = (input: OfferInput) => {
    const rules = JSON.stringify(input.rules.map((rule) => [rule.trigger, rule.offer]));
    const named = new Set([
      ...(input.context.productId ? [input.context.productId] : []),
      ...input.context.cart.map((line) => line.productId),
      ...input.neighbours.map((neighbour) => neighbour.id),
      ...input.overrides.flatMap((override) => [override.productId, override.otherProductId]),
      ...input.catalog.map((product) => product.id).filter((id) => rules.includes(`"${id}"`)),
    ]);
    return {
      base: { ...input, catalog: input.catalog.filter((product) => named.has(product.id)) },
      pool: input.catalog.filter((product) => !named.has(product.id)),
    };
  };

  it.each(ROWS)("gives what one run with the pool up front gives: $name", (row) => {
    for (const trace of ["full", "offers"] as const) {
      const full = productPage();
      row.given(full);
      const { base, pool } = split(structuredClone(full));
      const run = startOffers(base, { trace });
      const result = run.done ? run.result : run.withPool(pool);
      expect(result).toEqual(selectOffers(full, { trace }));
    }
  });

  it("pauses only at the fallback, with the anchors to read the pool for", () => {
    const page = productPage();
    const paused = startOffers({ ...page, neighbours: [] });
    expect(paused.done).toBe(false);
    expect(!paused.done && paused.anchors).toEqual(["1"]);
    expect(startOffers(page).done).toBe(true);
  });
});
