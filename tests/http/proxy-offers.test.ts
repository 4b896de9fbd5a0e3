// The storefront offers route over HTTP, signed as Shopify's app proxy signs it.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { isHoldout } from "../../app/offers/engine/offer-id";
import { startTestAppServer } from "../support/app-server";
import {
  GRINDER,
  GRINDER_PRO,
  KNOCK_BOX,
  MACHINE,
  MACHINE_PRO,
  MILK_JUG,
  seedOfferShop,
  seededRuleId,
  TABLETS,
  TAMPER,
} from "../support/offer-shop";
import { uniqueShop } from "../support/shops";
import { signAppProxyQuery } from "../../app/dev/shopify-stand-in/signing";
import { TEST_API_SECRET } from "../setup/test-env";
import { loader as remixLoader } from "../../app/routes/proxy.offers";

const app = startTestAppServer();

/** A visitor id outside the 10% holdout, and one inside it. */
const visitorOutside = Array.from({ length: 100 }, (_, i) => `visitor-out-${i}`).find((id) => !isHoldout(id, 0.1))!;
const visitorInside = Array.from({ length: 200 }, (_, i) => `visitor-in-${i}`).find((id) => isHoldout(id, 0.1))!;

function offersUrl(
  shop: string,
  query: Record<string, string>,
  options: { secret?: string; customerId?: string; timestamp?: number } = {},
) {
  const signed = signAppProxyQuery(options.secret ?? TEST_API_SECRET, shop, new URLSearchParams(query), options);
  return `${app.url()}/proxy/offers?${signed}`;
}

const ids = (body: { offers: { products: { productId: string }[] }[] }) =>
  body.offers.map((offer) => offer.products[0].productId);

describe("GET /proxy/offers: signature", () => {
  it("rejects a missing, wrong or tampered signature with 400 and writes nothing", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const unsigned = await fetch(`${app.url()}/proxy/offers?shop=${shop}&surface=product&product_id=${MACHINE}`);
    const wrongSecret = await fetch(
      offersUrl(shop, { surface: "product", product_id: String(MACHINE) }, { secret: "nope" }),
    );
    const tampered = await fetch(
      offersUrl(shop, { surface: "product", product_id: String(MACHINE) }).replace(
        `product_id=${MACHINE}`,
        `product_id=${GRINDER}`,
      ),
    );
    expect([unsigned.status, wrongSecret.status, tampered.status]).toEqual([400, 400, 400]);
    expect(await prisma.offerEvent.count({ where: { shop } })).toBe(0);
  });

  it("rejects a replayed URL whose signed timestamp is older than Shopify's 90 seconds", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const query = { surface: "product", product_id: String(MACHINE), format: "json" };
    const stale = await fetch(offersUrl(shop, query, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(400);
    expect(await stale.text()).toBe("");
    expect((await fetch(offersUrl(shop, query, { timestamp: Math.floor(Date.now() / 1000) - 30 }))).status).toBe(200);
  });

  it("answers 400 with the field to a signed query that is not valid", async () => {
    const shop = uniqueShop();
    const response = await fetch(offersUrl(shop, { surface: "product", product_id: "abc" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/product_id/);
    const noCart = await fetch(offersUrl(shop, { surface: "drawer" }));
    expect(await noCart.text()).toMatch(/cart: is required/);
  });
});

describe("GET /proxy/offers: offers", () => {
  it("product page: the rule first, then the recommender, without the sold-out product; JSON on request", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const response = await fetch(
      offersUrl(shop, {
        surface: "product",
        product_id: String(MACHINE),
        kind: "cross_sell",
        visitor: visitorOutside,
        format: "json",
      }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.holdout).toBe(false);
    expect(ids(body)).toEqual([String(TABLETS), String(TAMPER), String(MILK_JUG)]);
    expect(ids(body)).not.toContain(String(KNOCK_BOX));
    expect(body.offers[0]).toMatchObject({
      kind: "cross_sell",
      discount: { type: "percentage", value: 10 },
      reason: { type: "rule" },
    });
    expect(body.offers[1].reason).toMatchObject({ type: "pair", explanation: { source: "history", score: 0.3 } });
    expect(body).not.toHaveProperty("trace");
    expect(body.offers[0].reason).toEqual({ type: "rule", ruleId: expect.any(String) }); // no internal rule name
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("returns Liquid for Shopify to render: products by handle, money by Shopify, no layout", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const response = await fetch(
      offersUrl(shop, { surface: "product", product_id: String(MACHINE), kind: "upgrade", visitor: visitorOutside }),
    );
    expect(response.headers.get("content-type")).toMatch(/^application\/liquid/);
    const body = await response.text();
    expect(body).toMatch(/^\{% layout none %\}/);
    expect(body).toContain("all_products['espresso-machine-pro']");
    expect(body).toContain("| minus: pw_bv.price | money");
    expect(body).toContain(`data-pw-replaces="2001"`);
    expect(body).toContain("Dual boiler: steam milk while you brew");
  });

  it("escapes merchant text so it can neither inject HTML nor run Liquid", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    await prisma.rule.update({
      where: { id: seededRuleId(shop, "pro") },
      data: { valueText: `<img onerror=x> {{ shop.secret }} {% layout 'x' %}` },
    });
    const body = await (
      await fetch(
        offersUrl(shop, { surface: "product", product_id: String(MACHINE), kind: "upgrade", visitor: visitorOutside }),
      )
    ).text();
    expect(body).toContain(
      "&#60;img onerror=x&#62; &#123;&#123; shop.secret &#125;&#125; &#123;&#37; layout &#39;x&#39; &#37;&#125;",
    );
    expect(body).not.toContain("{{ shop.secret");
  });

  it("carries the merchant's widget texts, escaped, for the blocks to apply; JSON and shops without texts get none", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const query = { surface: "product", product_id: String(MACHINE), kind: "cross_sell", visitor: visitorOutside };
    const plain = await (await fetch(offersUrl(shop, query))).text();
    expect(plain).toContain(`<ul class="pw-offers"`);
    expect(plain).not.toContain("data-t-");

    await prisma.shopSettings.update({
      where: { shop },
      data: {
        widgetTexts: {
          productHeading: `Goes <script>alert(1)</script> with {{ shop.email }} & "more"`,
          addButton: "Grab it",
          cartHeading: "  ",
          bogus: "x",
        },
      },
    });
    const body = await (await fetch(offersUrl(shop, query))).text();
    const list = body.slice(
      body.indexOf(`<ul class="pw-offers"`),
      body.indexOf(">", body.indexOf(`<ul class="pw-offers"`)) + 1,
    );
    expect(list).toContain(
      `data-t-product-heading="Goes &#60;script&#62;alert(1)&#60;/script&#62; with &#123;&#123; shop.email &#125;&#125; &#38; &#34;more&#34;"`,
    );
    expect(list).toContain(`data-t-add-button="Grab it"`);
    expect(list).not.toContain("data-t-cart-heading"); // blank: the theme's translated default stays
    expect(list).not.toContain("bogus");
    expect(body).not.toContain("<script>");
    expect(body).not.toContain("{{ shop.email");

    const json = await (await fetch(offersUrl(shop, { ...query, format: "json" }))).text();
    expect(json).not.toContain("Grab it");
  });

  it("drawer: offers for the cart, nothing already in it, and the upgrade of a cart line", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const response = await fetch(
      offersUrl(shop, { surface: "drawer", cart: "2071:1,2011:2", visitor: visitorOutside, format: "json" }),
    );
    const body = await response.json();
    expect(
      body.offers.map(
        (offer: { kind: string; products: { productId: string }[] }) => `${offer.kind}:${offer.products[0].productId}`,
      ),
    ).toEqual([
      `upgrade:${GRINDER_PRO}`,
      `cross_sell:${TABLETS}`,
      `cross_sell:${MACHINE}`, // catalog fallback: the tamper's collection and tag
    ]);
    expect(body.offers[0]).toMatchObject({
      replaces: { productId: String(GRINDER), variantId: "2071" },
      priceDelta: 60,
    });
    expect(body.offers[2].reason).toEqual({
      type: "catalog",
      matched: { collectionIds: ["1"], productType: false, vendor: true, tags: ["espresso"] },
    });
  });

  it("a holdout visitor gets no offers and the response says so", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const body = await (
      await fetch(
        offersUrl(shop, { surface: "product", product_id: String(MACHINE), visitor: visitorInside, format: "json" }),
      )
    ).json();
    expect(body).toEqual({ holdout: true, offers: [] });
    const liquid = await (
      await fetch(offersUrl(shop, { surface: "product", product_id: String(MACHINE), visitor: visitorInside }))
    ).text();
    expect(liquid).toContain(`data-pw-holdout="true"`);
    expect(liquid).not.toContain("all_products");
  });

  it("a shopper's recent dismissal is respected (frequency cap)", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const query = {
      surface: "product",
      product_id: String(MACHINE),
      kind: "cross_sell",
      visitor: visitorOutside,
      format: "json",
    };
    const before = await (await fetch(offersUrl(shop, query))).json();
    await prisma.offerEvent.create({
      data: {
        shop,
        type: "dismiss",
        surface: "product",
        offerId: before.offers[1].offerId,
        offerKind: "cross_sell",
        offeredProductId: TAMPER,
        visitorId: visitorOutside,
      },
    });
    const after = await (await fetch(offersUrl(shop, query))).json();
    expect(ids(after)).toEqual([String(TABLETS), String(MILK_JUG), String(GRINDER)]);
  });

  it("is publicly cacheable only when it does not depend on the visitor", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const anonymous = await fetch(
      offersUrl(shop, { surface: "product", product_id: String(MACHINE), locale: "fr", currency: "EUR" }),
    );
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=60");
    const loggedIn = await fetch(
      offersUrl(shop, { surface: "product", product_id: String(MACHINE) }, { customerId: "42" }),
    );
    expect(loggedIn.headers.get("cache-control")).toBe("private, no-store");
    const cart = await fetch(offersUrl(shop, { surface: "cart", cart: "2071:1" }));
    expect(cart.headers.get("cache-control")).toBe("private, no-store");
  });

  it("only the signed shop's data is used, and an unknown shop gets nothing", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seedOfferShop(other);
    const body = await (
      await fetch(offersUrl(shop, { surface: "product", product_id: String(MACHINE), format: "json" }))
    ).json();
    expect(body).toEqual({ holdout: false, offers: [] });
    const own = await (
      await fetch(
        offersUrl(other, { surface: "product", product_id: String(MACHINE), kind: "upgrade", format: "json" }),
      )
    ).json();
    expect(ids(own)).toEqual([String(MACHINE_PRO)]);
  });
});

describe("GET /proxy/offers: the server's fast path and the Remix route", () => {
  it("answer alike: offers as Liquid and JSON, a bad signature, an invalid query", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const urls = [
      offersUrl(shop, { surface: "product", product_id: String(MACHINE), visitor: visitorOutside }),
      offersUrl(shop, { surface: "drawer", cart: "2001:1,2071:2", visitor: visitorOutside, format: "json" }),
      offersUrl(shop, { surface: "product", product_id: String(MACHINE) }, { secret: "nope" }),
      offersUrl(shop, { surface: "product", product_id: "abc" }),
    ];
    for (const url of urls) {
      const served = await fetch(url);
      const routed = await remixLoader({ request: new Request(url), params: {}, context: {} });
      const answer = async (response: Response) => ({
        status: response.status,
        type: response.headers.get("content-type")?.replace(/\s/g, "").toLowerCase() ?? null,
        cache: response.headers.get("cache-control"),
        body: await response.text(),
      });
      expect(await answer(served), url).toEqual(await answer(routed));
    }
  });
});

describe("GET /proxy/offers: ids beyond Postgres bigint", () => {
  it("answers 400 naming the parameter, not 500, to an id above 9223372036854775807 anywhere in the query", async () => {
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const huge = "9999999999999999999";
    const cases: [Record<string, string>, RegExp][] = [
      [{ surface: "product", product_id: huge }, /product_id/],
      [{ surface: "product", product_id: "9223372036854775808" }, /product_id/],
      [{ surface: "product", product_id: String(MACHINE), variant_id: huge }, /variant_id/],
      [{ surface: "cart", cart: `${GRINDER}:1,${huge}:2` }, /cart/],
      [{ surface: "drawer", cart: huge }, /cart/],
    ];
    for (const [query, field] of cases) {
      const response = await fetch(offersUrl(shop, { ...query, format: "json" }));
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(await response.text()).toMatch(field);
    }
    const customer = await fetch(
      offersUrl(shop, { surface: "product", product_id: String(MACHINE), format: "json" }, { customerId: huge }),
    );
    expect(customer.status).toBe(400);
    expect(await customer.text()).toMatch(/logged_in_customer_id/);
    // The largest id Postgres holds is a valid (unknown) product: no offers, no error.
    const largest = await fetch(
      offersUrl(shop, {
        surface: "product",
        product_id: "9223372036854775807",
        visitor: visitorOutside,
        format: "json",
      }),
    );
    expect(largest.status).toBe(200);
    expect(ids(await largest.json())).toEqual([]);
  });
});
