// The checkout extension's decisions (extensions/checkout-upsell/src/offer-selection.ts): pure
// functions, tested on their own.
import { describe, expect, it } from "vitest";
import {
  addOfferChange,
  chooseOffer,
  offerRequest,
  parseOffer,
  parseVariantContext,
  type VariantContext,
} from "../../extensions/checkout-upsell/src/offer-selection";

const variantGid = (id: number) => `gid://shopify/ProductVariant/${id}`;
const line = (id: number, quantity = 1) => ({ merchandise: { id: variantGid(id) }, quantity });

const offer = {
  offerId: "pw_0123456789abcdef",
  kind: "cross_sell",
  surface: "checkout",
  productId: "gid://shopify/Product/1002",
  variantId: variantGid(2011),
  title: "Steel Tamper",
  variantTitle: null,
  imageUrl: "https://cdn.shopify.com/t.png",
  price: 30,
  currencyCode: "USD",
  cartUrl: null,
  discountCode: null,
};
const context: VariantContext = { availableForSale: true, price: { amount: 27.5, currencyCode: "EUR" } };

describe("offerRequest", () => {
  it("sends the lines' variants, merged, with the visitor id and the order", () => {
    expect(
      offerRequest(
        "thank_you",
        [
          line(1),
          line(2, 2),
          line(1, 3),
          { merchandise: null, quantity: 1 },
          { merchandise: { id: "gid://shopify/Product/9" }, quantity: 1 },
        ],
        [
          { key: "_pairwise_visitor", value: "v_1234567890" },
          { key: "gift", value: "yes" },
        ],
        "gid://shopify/Order/5001",
      ),
    ).toEqual({
      surface: "thank_you",
      lines: [
        { merchandiseId: variantGid(1), quantity: 4 },
        { merchandiseId: variantGid(2), quantity: 2 },
      ],
      visitorId: "v_1234567890",
      orderId: "gid://shopify/Order/5001",
    });
  });

  it("sends the thank-you page's OrderIdentity GID as the order's GID, and drops a malformed one", () => {
    expect(offerRequest("thank_you", [line(1)], [], "gid://shopify/OrderIdentity/5881974834746")).toMatchObject({
      orderId: "gid://shopify/Order/5881974834746",
    });
    expect(offerRequest("thank_you", [line(1)], [], "gid://shopify/Customer/5")).not.toHaveProperty("orderId");
  });

  it("asks nothing for an empty checkout, and drops a malformed visitor id", () => {
    expect(offerRequest("checkout", [])).toBeNull();
    expect(offerRequest("checkout", [line(1, 0)])).toBeNull();
    expect(offerRequest("checkout", [line(1)], [{ key: "_pairwise_visitor", value: "<script>" }])).toEqual({
      surface: "checkout",
      lines: [{ merchandiseId: variantGid(1), quantity: 1 }],
    });
  });
});

describe("parseOffer", () => {
  it("accepts the app's offer and rejects anything malformed", () => {
    expect(parseOffer({ offer })).toMatchObject({ offerId: offer.offerId, variantId: offer.variantId, price: 30 });
    expect(parseOffer({ offer: null })).toBeNull();
    expect(parseOffer(null)).toBeNull();
    expect(parseOffer("<html>")).toBeNull();
    expect(parseOffer({ offer: { ...offer, variantId: "gid://shopify/Product/1" } })).toBeNull();
    expect(parseOffer({ offer: { ...offer, price: "30" } })).toBeNull();
    expect(parseOffer({ offer: { ...offer, price: -1 } })).toBeNull();
    expect(parseOffer({ offer: { ...offer, kind: "bundle" } })).toBeNull();
    expect(parseOffer({ offer: { ...offer, cartUrl: "javascript:alert(1)" } })).toBeNull();
  });
});

describe("chooseOffer", () => {
  const base = {
    surface: "checkout" as const,
    body: { offer },
    lines: [line(2001)],
    canAddCartLine: true,
    buyerCurrency: "USD",
    variant: null,
  };

  it("shows the offer at the buyer's own price when the Storefront API gave one", () => {
    expect(chooseOffer({ ...base, variant: context })?.displayPrice).toEqual({ amount: 27.5, currencyCode: "EUR" });
  });

  it("falls back to the app's price only in the same currency", () => {
    expect(chooseOffer(base)?.displayPrice).toEqual({ amount: 30, currencyCode: "USD" });
    expect(chooseOffer({ ...base, buyerCurrency: "EUR" })).toBeNull();
  });

  it("hides it when the checkout cannot add lines, when it is already there, or when it is sold out", () => {
    expect(chooseOffer({ ...base, canAddCartLine: false })).toBeNull();
    expect(chooseOffer({ ...base, lines: [line(2001), line(2011)] })).toBeNull();
    expect(chooseOffer({ ...base, variant: { ...context, availableForSale: false } })).toBeNull();
    expect(chooseOffer({ ...base, body: null })).toBeNull();
  });

  it("thank-you: needs the cart link, not the add-line permission", () => {
    const thankYou = { ...base, surface: "thank_you" as const, canAddCartLine: false };
    expect(chooseOffer(thankYou)).toBeNull();
    const cartUrl = "https://shop.myshopify.com/cart/2011:1?discount=PW-ABC";
    expect(chooseOffer({ ...thankYou, body: { offer: { ...offer, cartUrl } } })?.cartUrl).toBe(cartUrl);
  });
});

describe("parseVariantContext", () => {
  it("reads the Storefront API answer, or nothing", () => {
    expect(
      parseVariantContext({
        data: { node: { availableForSale: true, price: { amount: "27.50", currencyCode: "EUR" } } },
      }),
    ).toEqual(context);
    expect(parseVariantContext({ data: { node: null } })).toBeNull();
    expect(parseVariantContext({ data: undefined, errors: [{ message: "denied" }] })).toBeNull();
    expect(parseVariantContext(undefined)).toBeNull();
  });
});

describe("addOfferChange", () => {
  it("adds one of the variant with the attribution the order ingest reads", () => {
    expect(addOfferChange(parseOffer({ offer })!, "checkout")).toEqual({
      type: "addCartLine",
      merchandiseId: variantGid(2011),
      quantity: 1,
      attributes: [
        { key: "_pairwise_offer", value: "pw_0123456789abcdef" },
        { key: "_pairwise_surface", value: "checkout" },
        { key: "_pairwise_kind", value: "cross_sell" },
      ],
    });
  });
});
