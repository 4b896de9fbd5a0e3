// A local stand-in for a Dawn-like Online Store, for the demo and the browser test (decision 004):
// catalog and product pages and a cart drawer with the extension's real blocks, Shopify's Ajax Cart API
// in memory, and the app proxy: /apps/pairwise/* (or the blocks' proxy_path) is forwarded signed to the
// app's /proxy/*, and a Liquid answer is rendered as Shopify renders it.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import prisma from "../../db.server";
import { signAppProxyQuery } from "../shopify-stand-in/signing";
import { AjaxCart, CartError } from "./cart";
import { createShopifyLiquid, formatMoney, type ProductDrop, type ShopifyGlobals } from "./liquid";

const here = path.dirname(fileURLToPath(import.meta.url));
export const EXTENSION_ROOT = path.resolve(here, "../../../extensions/pairwise-theme");
const THEME_ROOT = path.join(here, "theme");

const BLOCKS = {
  fbt: "blocks/frequently-bought-together.liquid",
  upgrade: "blocks/upgrade.liquid",
  cartUpsell: "blocks/cart-upsell.liquid",
};

const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css" };

export interface StorefrontHarness {
  url: string;
  cart: AjaxCart;
  close(): Promise<void>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

async function loadProductDrops(shop: string): Promise<ProductDrop[]> {
  const products = await prisma.product.findMany({
    where: { shop, deletedAt: null, status: "ACTIVE" },
    orderBy: { id: "asc" },
    include: { variants: { orderBy: { position: "asc" } } },
  });
  return products.map((product) => {
    const variants = product.variants.map((variant) => ({
      id: Number(variant.id),
      title: variant.title,
      price: Math.round(Number(variant.price) * 100),
      available: variant.available,
    }));
    const optionNames = [
      ...new Set(
        product.variants.flatMap((variant) => (variant.options as { name: string }[]).map((option) => option.name)),
      ),
    ];
    return {
      id: Number(product.id),
      title: product.title,
      handle: product.handle,
      url: `/products/${product.handle}`,
      available: variants.some((variant) => variant.available),
      has_only_default_variant: variants.length === 1 && variants[0].title === "Default Title",
      options: optionNames.length ? optionNames : ["Title"],
      variants,
      selected_or_first_available_variant: variants.find((variant) => variant.available) ?? variants[0],
      featured_image: null,
    };
  });
}

/** Block settings as a merchant who kept every default has them. */
function defaultSettings(schema: { settings?: { id: string; default?: unknown }[] }): Record<string, unknown> {
  return Object.fromEntries((schema.settings ?? []).map((setting) => [setting.id, setting.default]));
}

export async function startStorefrontHarness(options: {
  appUrl: string;
  shop: string;
  apiSecret: string;
  locale?: string;
  host?: string;
  port?: number;
  /** The app proxy's storefront path, as a merchant may change it in admin (default /apps/pairwise). */
  proxyPath?: string;
}): Promise<StorefrontHarness> {
  const locale = options.locale ?? "en";
  const proxyPath = options.proxyPath ?? "/apps/pairwise";
  const shopRow = await prisma.shop.findUniqueOrThrow({
    where: { shop: options.shop },
    select: { moneyFormat: true, currencyCode: true },
  });
  const liquid = createShopifyLiquid({ extensionRoot: EXTENSION_ROOT, locale, moneyFormat: shopRow.moneyFormat });
  let products: ProductDrop[] = await loadProductDrops(options.shop);
  const cart = new AjaxCart(() => products, shopRow.currencyCode);

  const globals = (): ShopifyGlobals => ({
    all_products: Object.fromEntries(products.map((product) => [product.handle, product])),
    routes: { root_url: "/" },
    request: { locale: { iso_code: locale } },
    cart: { currency: { iso_code: shopRow.currencyCode } },
    shop: { money_format: shopRow.moneyFormat, currency: shopRow.currencyCode },
  });

  const renderBlock = (file: string, scope: Record<string, unknown>) =>
    liquid.renderBlock(
      file,
      {
        ...scope,
        block: {
          settings: {
            ...defaultSettings(liquid.blockSchema(file)),
            ...(options.proxyPath ? { proxy_path: options.proxyPath } : {}),
          },
          shopify_attributes: "",
        },
      },
      globals(),
    );

  async function productPage(handle: string): Promise<string | null> {
    products = await loadProductDrops(options.shop);
    const product = products.find((candidate) => candidate.handle === handle);
    if (!product) return null;
    const variant = product.selected_or_first_available_variant;
    // Shopify puts each block's schema stylesheet in <head>, once.
    const stylesheets = [
      ...new Set(
        Object.values(BLOCKS)
          .map((file) => liquid.blockSchema(file).stylesheet)
          .filter(Boolean),
      ),
    ];
    const picker = product.has_only_default_variant
      ? ""
      : `<variant-picker><label for="variant">${escapeHtml(product.options[0])}</label>
         <select id="variant">${product.variants
           .map(
             (v) =>
               `<option value="${v.id}" data-price="${v.price}"${v.available ? "" : " disabled"}${v.id === variant.id ? " selected" : ""}>${escapeHtml(v.title)}</option>`,
           )
           .join("")}</select></variant-picker>`;
    return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(product.title)} · Pairwise Demo Coffee</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/theme/theme.css">
${stylesheets.map((file) => `<link rel="stylesheet" href="/assets/${file}">`).join("\n")}
<script>window.Shopify = { shop: ${JSON.stringify(options.shop)}, routes: { root: "/" }, currency: { active: ${JSON.stringify(shopRow.currencyCode)} } };</script>
<script src="/theme/pubsub.js" defer></script>
<script src="/theme/theme.js" defer></script>
</head><body>
<header class="header"><a href="/">Pairwise Demo Coffee</a>
  <button id="cart-icon" class="button" type="button">Cart (<span id="cart-count">0</span>)</button></header>
<main class="page-width"><section class="product">
  <div class="product__media" role="img" aria-label="${escapeHtml(product.title)}"></div>
  <div class="product__info">
    <h1 class="product__title">${escapeHtml(product.title)}</h1>
    <p data-product-price>${formatMoney(variant.price, shopRow.moneyFormat)}</p>
    ${picker}
    <product-form><form id="product-form" action="/cart/add" method="post">
      <input type="hidden" name="id" value="${variant.id}">
      <button class="button button--primary" type="submit">Add to cart</button>
    </form></product-form>
    ${await renderBlock(BLOCKS.fbt, { product })}
    ${await renderBlock(BLOCKS.upgrade, { product })}
    <div class="product__description">
      <p>Made for the morning ritual. Everything below the blocks is here so that any layout shift they caused would be measured.</p>
      <p>Ships in two days. Free returns within 30 days.</p>
    </div>
  </div>
</section></main>
<cart-drawer aria-hidden="true" role="dialog" aria-label="Your cart"><div class="drawer__inner">
  <div class="drawer__header"><h2>Your cart</h2><button class="drawer__close button" type="button" aria-label="Close">×</button></div>
  <ul id="CartDrawer-Items"></ul>
  <div class="drawer__footer"><p>Subtotal <span data-cart-total></span></p><button class="button button--primary" type="button">Check out</button></div>
</div></cart-drawer>
${await renderBlock(BLOCKS.cartUpsell, {})}
</body></html>`;
  }

  async function catalogPage(): Promise<string> {
    products = await loadProductDrops(options.shop);
    const items = products
      .map(
        (product) =>
          `<li class="card"><a href="${product.url}">${escapeHtml(product.title)}</a>
           <p>${formatMoney(product.selected_or_first_available_variant.price, shopRow.moneyFormat)}</p></li>`,
      )
      .join("");
    return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Catalog · Pairwise Demo Coffee</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/theme/theme.css">
</head><body>
<header class="header"><a href="/">Pairwise Demo Coffee</a></header>
<main class="page-width"><h1>Catalog</h1><ul class="catalog">${items}</ul></main>
</body></html>`;
  }

  async function forwardToApp(request: IncomingMessage, url: URL, response: ServerResponse) {
    const target = new URL(`/proxy/${url.pathname.slice(proxyPath.length + 1)}`, options.appUrl);
    target.search = signAppProxyQuery(options.apiSecret, options.shop, url.searchParams, {
      pathPrefix: proxyPath,
    }).toString();
    const body =
      request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(await readBody(request));
    const upstream = await fetch(target, {
      method: request.method,
      // Shopify adds the shopper's address (the app's per-IP event limit reads it).
      headers: {
        "content-type": request.headers["content-type"] ?? "text/plain",
        "x-forwarded-for": request.socket.remoteAddress ?? "",
      },
      body,
    });
    const type = upstream.headers.get("content-type") ?? "text/plain";
    const headers: Record<string, string> = { "cache-control": upstream.headers.get("cache-control") ?? "no-store" };
    if (type.startsWith("application/liquid")) {
      const html = await liquid.renderProxyResponse(await upstream.text(), globals());
      response.writeHead(upstream.status, { ...headers, "content-type": "text/html; charset=utf-8" });
      response.end(html);
      return;
    }
    response.writeHead(upstream.status, { ...headers, "content-type": type });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }

  async function cartApi(request: IncomingMessage, pathname: string, response: ServerResponse) {
    const body = request.method === "POST" ? JSON.parse((await readBody(request)).toString() || "{}") : {};
    try {
      const result =
        pathname === "/cart.js"
          ? cart.state()
          : pathname === "/cart/add.js"
            ? cart.add(body)
            : pathname === "/cart/change.js"
              ? cart.change(body)
              : cart.update(body);
      sendJson(response, 200, result);
    } catch (error) {
      if (!(error instanceof CartError)) throw error;
      sendJson(response, error.status, { status: error.status, message: error.message, description: error.message });
    }
  }

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", "http://harness.local");
      if (url.pathname.startsWith(`${proxyPath}/`)) return await forwardToApp(request, url, response);
      if (/^\/cart(\.js|\/(add|change|update)\.js)$/.test(url.pathname))
        return await cartApi(request, url.pathname, response);
      const asset = url.pathname.match(/^\/(assets|theme)\/([\w.-]+)$/);
      if (asset) {
        const root = asset[1] === "assets" ? path.join(EXTENSION_ROOT, "assets") : THEME_ROOT;
        const file = await readFile(path.join(root, asset[2])).catch(() => null);
        if (!file) return send(response, 404, "text/plain", "Not found");
        return send(response, 200, CONTENT_TYPES[path.extname(asset[2])] ?? "application/octet-stream", file);
      }
      const productMatch = url.pathname.match(/^\/products\/([\w-]+)$/);
      const html =
        url.pathname === "/" ? await catalogPage() : productMatch ? await productPage(productMatch[1]) : null;
      if (html === null) return send(response, 404, "text/html; charset=utf-8", "<h1>Not found</h1>");
      send(response, 200, "text/html; charset=utf-8", html);
    } catch (error) {
      console.error(error);
      send(response, 500, "text/plain", String(error));
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    cart,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, { "content-type": type });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  send(response, status, "application/json", JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
