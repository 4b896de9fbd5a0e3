// @vitest-environment jsdom
// The checkout extension rendered with Shopify's @shopify/ui-extensions-tester in jsdom, driven with
// @testing-library/preact. The modules are imported here, not by the harness's render(), so that Vitest
// compiles their TSX (decision 009).
import path from "node:path";
import { getExtension } from "@shopify/ui-extensions-tester";
import { createCartLine, createResult } from "@shopify/ui-extensions-tester/checkout";
import { fireEvent, waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";

const EXTENSION_DIR = path.resolve("extensions/checkout-upsell");
const checkout = getExtension("purchase.checkout.cart-line-list.render-after", { configSearchDir: EXTENSION_DIR });
const thankYou = getExtension("purchase.thank-you.block.render", { configSearchDir: EXTENSION_DIR });

afterEach(() => {
  render(null, document.body);
  for (const harness of [checkout, thankYou]) {
    try {
      harness.tearDown();
    } catch {
      // not set up in this test
    }
  }
});

const machineLine = createCartLine({
  id: "gid://shopify/CartLine/1",
  merchandise: {
    type: "variant",
    id: "gid://shopify/ProductVariant/2001",
    title: "Espresso Machine",
    selectedOptions: [],
    product: { id: "gid://shopify/Product/1001", vendor: "Demo", productType: "Espresso machine" },
    requiresShipping: true,
  },
});

const offer = {
  offerId: "pw_0123456789abcdef",
  kind: "cross_sell",
  surface: "checkout",
  productId: "gid://shopify/Product/1002",
  variantId: "gid://shopify/ProductVariant/2011",
  title: "Steel Tamper",
  variantTitle: null,
  imageUrl: "https://cdn.shopify.com/t.png",
  price: 30,
  currencyCode: "USD",
  cartUrl: null,
  discountCode: null,
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const storefrontVariant = (availableForSale = true) =>
  vi.fn().mockResolvedValue({ data: { node: { availableForSale, price: { amount: "30.0", currencyCode: "USD" } } } });

async function renderCheckout() {
  const module = await import("../../extensions/checkout-upsell/src/Checkout");
  await module.default();
}
async function renderThankYou() {
  const module = await import("../../extensions/checkout-upsell/src/ThankYou");
  await module.default();
}

describe("checkout target", () => {
  it("shows a skeleton, then the offer; Add puts it in the checkout with attribution", async () => {
    checkout.setUp();
    checkout.shopify.lines.value = [machineLine];
    checkout.shopify.query = storefrontVariant();
    let answer!: (response: Response) => void;
    checkout.fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const applyCartLinesChange = vi.fn().mockResolvedValue(createResult("applyCartLinesChange"));
    checkout.shopify.applyCartLinesChange = applyCartLinesChange;

    await renderCheckout();
    expect(document.body.querySelector("s-skeleton-paragraph")).not.toBeNull();
    expect(document.body.querySelector("s-section")?.getAttribute("heading")).toBe("checkout.heading");

    await waitFor(() => expect(checkout.fetch).toHaveBeenCalledTimes(1));
    const [url, init] = vi.mocked(checkout.fetch).mock.calls[0] as [string, RequestInit];
    expect(url).toBe("https://pairwise.example.com/api/checkout/offers");
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer mock-session-token");
    expect(JSON.parse(init.body as string)).toEqual({
      surface: "checkout",
      lines: [{ merchandiseId: "gid://shopify/ProductVariant/2001", quantity: 1 }],
    });
    answer(json({ offer }));

    await waitFor(() => expect(document.body.textContent).toContain("Steel Tamper"));
    expect(document.body.querySelector("s-skeleton-paragraph")).toBeNull();
    expect(document.body.querySelector("s-product-thumbnail")?.getAttribute("src")).toBe(
      "https://cdn.shopify.com/t.png",
    );
    expect(document.body.textContent).toContain("30");

    fireEvent.click(document.body.querySelector("s-button")!);
    await waitFor(() =>
      expect(applyCartLinesChange).toHaveBeenCalledWith({
        type: "addCartLine",
        merchandiseId: "gid://shopify/ProductVariant/2011",
        quantity: 1,
        attributes: [
          { key: "_pairwise_offer", value: "pw_0123456789abcdef" },
          { key: "_pairwise_surface", value: "checkout" },
          { key: "_pairwise_kind", value: "cross_sell" },
        ],
      }),
    );
    await waitFor(() => expect(document.body.querySelector("s-section")).toBeNull());
  });

  it("renders nothing, and asks nothing, when the checkout does not allow adding lines", async () => {
    checkout.setUp();
    checkout.shopify.lines.value = [machineLine];
    checkout.shopify.instructions.value = {
      ...checkout.shopify.instructions.value,
      lines: { canAddCartLine: false, canRemoveCartLine: true, canUpdateCartLine: true },
    };
    checkout.fetch = vi.fn().mockResolvedValue(json({ offer }));
    await renderCheckout();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(document.body.innerHTML).toBe("");
    expect(checkout.fetch).not.toHaveBeenCalled();
  });

  it("fails silently: an app error, a network error or a sold-out variant show nothing", async () => {
    for (const setUp of [
      () => (checkout.fetch = vi.fn().mockResolvedValue(json({ error: "boom" }, 500))),
      () => (checkout.fetch = vi.fn().mockRejectedValue(new TypeError("Failed to fetch"))),
      () => {
        checkout.fetch = vi.fn().mockResolvedValue(json({ offer }));
        checkout.shopify.query = storefrontVariant(false);
      },
    ]) {
      checkout.setUp();
      checkout.shopify.lines.value = [machineLine];
      checkout.shopify.query = storefrontVariant();
      setUp();
      await renderCheckout();
      await waitFor(() => expect(checkout.fetch).toHaveBeenCalled());
      await waitFor(() => expect(document.body.querySelector("s-skeleton-paragraph")).toBeNull());
      expect(document.body.innerHTML).toBe("");
      render(null, document.body);
      checkout.tearDown();
    }
  });

  it("keeps the offer and says so when the add is refused", async () => {
    checkout.setUp();
    checkout.shopify.lines.value = [machineLine];
    checkout.shopify.query = storefrontVariant();
    checkout.fetch = vi.fn().mockResolvedValue(json({ offer }));
    checkout.shopify.applyCartLinesChange = vi
      .fn()
      .mockResolvedValue(createResult("applyCartLinesChange", { type: "error", message: "Out of stock" }));
    await renderCheckout();
    await waitFor(() => expect(document.body.querySelector("s-button")).not.toBeNull());
    fireEvent.click(document.body.querySelector("s-button")!);
    await waitFor(() => expect(document.body.textContent).toContain("checkout.addFailed"));
    expect(document.body.textContent).toContain("Steel Tamper");
  });
});

describe("thank-you target", () => {
  it("links to the cart permalink with the personal code", async () => {
    thankYou.setUp();
    thankYou.shopify.lines.value = [machineLine];
    thankYou.shopify.query = storefrontVariant();
    const cartUrl = "https://demo.myshopify.com/cart/2011:1?discount=PW-ABCDEFGHJK";
    thankYou.fetch = vi
      .fn()
      .mockResolvedValue(json({ offer: { ...offer, surface: "thank_you", cartUrl, discountCode: "PW-ABCDEFGHJK" } }));
    await renderThankYou();
    expect(document.body.querySelector("s-skeleton-paragraph")).not.toBeNull();
    await waitFor(() => expect(document.body.querySelector("s-button")?.getAttribute("href")).toBe(cartUrl));
    expect(document.body.querySelector("s-section")?.getAttribute("heading")).toBe("thankYou.heading");
    expect(document.body.textContent).toContain("Steel Tamper");
    expect(document.body.textContent).toContain("thankYou.discount");
    const [, init] = vi.mocked(thankYou.fetch).mock.calls[0] as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toMatchObject({ surface: "thank_you", orderId: "gid://shopify/Order/1" });
  });

  it("shows nothing without an offer", async () => {
    thankYou.setUp();
    thankYou.shopify.lines.value = [machineLine];
    thankYou.fetch = vi.fn().mockResolvedValue(json({ offer: null }));
    await renderThankYou();
    await waitFor(() => expect(document.body.innerHTML).toBe(""));
  });
});
