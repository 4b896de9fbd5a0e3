// Shopify's Liquid, as far as the harness needs it: liquidjs plus stand-ins for the Shopify filters
// the extension uses (t with the extension's locales, money with the shop's money format,
// asset_url) and Shopify's product drops built from the app's catalog tables. Renders the real
// block files and the real proxy responses, so what the browser test sees is what they produce.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";

export interface VariantDrop {
  id: number;
  title: string;
  /** Cents, as Shopify's Liquid gives prices. */
  price: number;
  available: boolean;
}

export interface ProductDrop {
  id: number;
  title: string;
  handle: string;
  url: string;
  available: boolean;
  has_only_default_variant: boolean;
  options: string[];
  variants: VariantDrop[];
  selected_or_first_available_variant: VariantDrop;
  featured_image: null;
}

export interface ShopifyGlobals {
  all_products: Record<string, ProductDrop>;
  routes: { root_url: string };
  request: { locale: { iso_code: string } };
  cart: { currency: { iso_code: string } };
  shop: { money_format: string; currency: string };
}

type Translations = Record<string, unknown>;

/** Shopify's money formats: {{amount}}, {{amount_no_decimals}}, {{amount_with_comma_separator}}. */
export function formatMoney(cents: number, format: string): string {
  const group = (whole: string, separator: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const [whole, decimals] = (Math.abs(cents) / 100).toFixed(2).split(".");
  const sign = cents < 0 ? "-" : "";
  return format.replace(/\{\{\s*(\w+)\s*\}\}/, (_match, name: string) => {
    if (name === "amount_no_decimals") return sign + group(String(Math.round(Math.abs(cents) / 100)), ",");
    if (name === "amount_with_comma_separator") return `${sign}${group(whole, ".")},${decimals}`;
    return `${sign}${group(whole, ",")}.${decimals}`;
  });
}

function lookup(translations: Translations, key: string): string | undefined {
  const value = key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node && typeof node === "object" ? (node as Translations)[part] : undefined),
      translations,
    );
  return typeof value === "string" ? value : undefined;
}

export function createShopifyLiquid(options: { extensionRoot: string; locale: string; moneyFormat: string }): {
  renderBlock(file: string, scope: Record<string, unknown>, globals: ShopifyGlobals): Promise<string>;
  renderProxyResponse(body: string, globals: ShopifyGlobals): Promise<string>;
  blockSchema(file: string): { stylesheet?: string; settings?: { id: string; default?: unknown }[] };
} {
  const localeFile = (name: string) =>
    JSON.parse(readFileSync(path.join(options.extensionRoot, "locales", name), "utf8")) as Translations;
  const fallback = localeFile("en.default.json");
  const translations = options.locale === "en" ? fallback : localeFile(`${options.locale}.json`);

  const engine = new Liquid({ root: path.join(options.extensionRoot, "snippets"), extname: ".liquid", cache: true });
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const text = lookup(translations, key) ?? lookup(fallback, key);
    if (text === undefined) throw new Error(`translation missing: ${key}`); // Shopify shows "translation missing" too
    const vars = Object.fromEntries(args.filter((arg): arg is [string, unknown] => Array.isArray(arg)));
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(vars[name] ?? ""));
  });
  engine.registerFilter("money", (cents: number) => formatMoney(Number(cents), options.moneyFormat));
  engine.registerFilter("asset_url", (name: string) => `/assets/${name}`);

  const source = (file: string) => readFileSync(path.join(options.extensionRoot, file), "utf8");
  // Shopify strips {% schema %} from the output; liquidjs does not know the tag.
  const withoutSchema = (liquid: string) =>
    liquid.replace(/\{%-?\s*schema\s*-?%\}[\s\S]*?\{%-?\s*endschema\s*-?%\}/, "");

  return {
    blockSchema(file) {
      const match = source(file).match(/\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/);
      return match ? JSON.parse(match[1]) : {};
    },
    renderBlock(file, scope, globals) {
      return engine.parseAndRender(withoutSchema(source(file)), scope, { globals });
    },
    renderProxyResponse(body, globals) {
      // Shopify renders an application/liquid proxy response in the storefront's context;
      // `{% layout none %}` means "without the theme layout", which is all the harness does anyway.
      return engine.parseAndRender(body.replace(/\{%-?\s*layout\s+none\s*-?%\}/, ""), {}, { globals });
    },
  };
}
