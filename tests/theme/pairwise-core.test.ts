// @vitest-environment jsdom
// The theme blocks' shared script (assets/pairwise-core.js) in a jsdom page, as the blocks render
// it: the app proxy path comes from the blocks' proxy_path setting (Liquid), never from the script,
// and merchant or catalog text is inserted as written (no `$&` / `$'` patterns of String.replace).
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createShopifyLiquid, type ShopifyGlobals } from "../../app/dev/storefront-harness/liquid";
import { EXTENSION_ROOT } from "./check-theme";

interface PairwiseApi {
  load(el: HTMLElement, params: Record<string, string>): Promise<HTMLElement | null>;
  track(el: HTMLElement, type: string, items: HTMLElement[]): void;
  upgradeRow(el: HTMLElement, li: HTMLElement): HTMLElement;
}

const liquid = createShopifyLiquid({ extensionRoot: EXTENSION_ROOT, locale: "en", moneyFormat: "${{amount}}" });
const globals = (rootUrl = "/"): ShopifyGlobals => ({
  all_products: {},
  routes: { root_url: rootUrl },
  request: { locale: { iso_code: "en" } },
  cart: { currency: { iso_code: "USD" } },
  shop: { money_format: "${{amount}}", currency: "USD" },
});
const CART_BLOCK = "blocks/cart-upsell.liquid";

/** The cart drawer block as Shopify renders it with this proxy_path setting (undefined: never saved). */
async function renderedBlock(proxyPath: string | undefined): Promise<HTMLElement> {
  const settings = { heading: "", drawer_selector: "#drawer", max_items: 2, proxy_path: proxyPath };
  const html = await liquid.renderBlock(CART_BLOCK, { block: { settings, shopify_attributes: "" } }, globals());
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content.querySelector("pairwise-cart-upsell") as HTMLElement;
}

describe("the blocks' proxy_path setting", () => {
  it("defaults to /apps/pairwise, as shopify.app.toml's [app_proxy] configures it", async () => {
    const toml = readFileSync(path.resolve("shopify.app.toml"), "utf8");
    const prefix = /^prefix = "([^"]+)"/m.exec(toml)?.[1];
    const subpath = /^subpath = "([^"]+)"/m.exec(toml)?.[1];
    for (const block of ["blocks/frequently-bought-together.liquid", "blocks/upgrade.liquid", CART_BLOCK]) {
      expect(liquid.blockSchema(block).settings?.find((setting) => setting.id === "proxy_path")?.default, block).toBe(
        `/${prefix}/${subpath}`,
      );
    }
    expect((await renderedBlock("/apps/pairwise")).dataset.proxy).toBe("apps/pairwise/");
  });

  it("renders a merchant's path as prefix/subpath/, whatever slashes were typed; blank means the default", async () => {
    expect((await renderedBlock("/tools/cross-sell")).dataset.proxy).toBe("tools/cross-sell/");
    expect((await renderedBlock("tools/cross-sell/")).dataset.proxy).toBe("tools/cross-sell/");
    expect((await renderedBlock(" /a//upsell ")).dataset.proxy).toBe("a/upsell/");
    expect((await renderedBlock("")).dataset.proxy).toBe("apps/pairwise/");
    expect((await renderedBlock(undefined)).dataset.proxy).toBe("apps/pairwise/");
  });
});

describe("pairwise-core.js", () => {
  let P: PairwiseApi;
  const fetched: string[] = [];
  const beacons: string[] = [];

  beforeAll(() => {
    window.fetch = vi.fn(async (input: RequestInfo | URL) => {
      fetched.push(String(input));
      return new Response('<ul class="pw-offers" data-pw-money="$1,234.56"><li data-pw-offer="pw_1">x</li></ul>', {
        status: 200,
      });
    }) as typeof fetch;
    Object.defineProperty(navigator, "sendBeacon", {
      value: (url: string) => (beacons.push(url), true),
      configurable: true,
    });
    (window as unknown as { Shopify: unknown }).Shopify = { routes: { root: "/fr/" } };
    // The asset as the browser runs it: a classic script.
    new Function(readFileSync(path.join(EXTENSION_ROOT, "assets", "pairwise-core.js"), "utf8"))();
    P = (window as unknown as { Pairwise: PairwiseApi }).Pairwise;
  });

  it("asks for offers and sends events under the rendered proxy path, after the locale root", async () => {
    const el = await renderedBlock("/tools/cross-sell");
    document.body.append(el);
    const list = await P.load(el, { cart: "2001:1" });
    expect(list?.children).toHaveLength(1);
    expect(fetched.at(-1)).toMatch(
      /^\/fr\/tools\/cross-sell\/offers\?surface=drawer&visitor=pw-[\d-]+&locale=en&currency=USD&limit=2&cart=2001%3A1$/,
    );
    P.track(el, "impression", [list!.children[0] as HTMLElement]);
    expect(beacons).toEqual(["/fr/tools/cross-sell/events"]);
  });

  it("puts titles and prices containing $& or $' into the upgrade button as written", async () => {
    const el = await renderedBlock(undefined);
    const li = document.createElement("li");
    li.innerHTML = `<span data-pw-title>Pro $& $' $$ Edition</span><span data-pw-delta>$1$&60.00</span>`;
    const row = P.upgradeRow(el, li);
    expect(row.querySelector(".pw-cta")?.textContent).toBe("Upgrade to Pro $& $' $$ Edition for +$1$&60.00");
  });
});
