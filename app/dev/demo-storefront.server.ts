// The demo storefront: a stand-in for the shop's Online Store, so the demo works with no Shopify
// account. It renders the demo catalog and plays Shopify's app proxy: requests to
// /apps/pairwise/* are forwarded to the app's /proxy/* with the query signed as Shopify signs it.
import { createServer, type Server } from "node:http";
import type { PrismaClient } from "@prisma/client";
import { signAppProxyQuery } from "../../tests/support/shopify-signing";

export interface DemoStorefront {
  url: string;
  close(): Promise<void>;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const money = (amount: { toString(): string }) => `$${Number(amount.toString()).toFixed(2)}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Pairwise Demo Coffee</title>
<link rel="icon" href="data:,">
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#fff;border-bottom:1px solid #e3e3e3;padding:1rem 2rem;display:flex;gap:1rem;align-items:baseline}
header a{color:inherit;text-decoration:none;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem;list-style:none;padding:0}
.card{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:1rem}
.card a{color:inherit}
.muted{color:#616161}
</style></head>
<body><header><a href="/">Pairwise Demo Coffee</a><span class="muted">demo storefront</span></header>
<main>${body}</main></body></html>`;
}

export async function startDemoStorefront(options: {
  prisma: PrismaClient;
  shop: string;
  appUrl: string;
  apiSecret: string;
  host: string;
  port: number;
}): Promise<DemoStorefront> {
  const { prisma, shop } = options;

  const server: Server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "localhost"}`);

      if (url.pathname.startsWith("/apps/pairwise/")) {
        const target = new URL(url.pathname.replace("/apps/pairwise/", "/proxy/"), options.appUrl);
        target.search = signAppProxyQuery(options.apiSecret, shop, url.searchParams).toString();
        const body =
          request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(await readBody(request));
        const upstream = await fetch(target, {
          method: request.method,
          headers: { "content-type": request.headers["content-type"] ?? "application/json" },
          body,
        });
        response.writeHead(upstream.status, {
          "content-type": upstream.headers.get("content-type") ?? "text/plain",
        });
        response.end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }

      if (url.pathname === "/") {
        const products = await prisma.product.findMany({
          where: { shop, deletedAt: null },
          orderBy: { title: "asc" },
          select: { handle: true, title: true, priceMin: true, productType: true },
        });
        const items = products
          .map(
            (p) =>
              `<li class="card"><a href="/products/${encodeURIComponent(p.handle)}">${escapeHtml(p.title)}</a>
               <div class="muted">${escapeHtml(p.productType)} · ${money(p.priceMin)}</div></li>`,
          )
          .join("");
        send(response, 200, page("Catalog", `<h1>Catalog</h1><ul class="grid">${items}</ul>`));
        return;
      }

      const productMatch = url.pathname.match(/^\/products\/([^/]+)$/);
      if (productMatch) {
        const product = await prisma.product.findFirst({
          where: { shop, handle: decodeURIComponent(productMatch[1]), deletedAt: null },
          include: { variants: { orderBy: { position: "asc" } } },
        });
        if (!product) {
          send(response, 404, page("Not found", "<h1>Product not found</h1>"));
          return;
        }
        const variants = product.variants
          .map(
            (v) =>
              `<option value="${v.id}"${v.available ? "" : " disabled"}>${escapeHtml(v.title)} · ${money(v.price)}${v.available ? "" : " (sold out)"}</option>`,
          )
          .join("");
        send(
          response,
          200,
          page(
            product.title,
            `<article class="card" data-product-id="${product.id}">
               <h1>${escapeHtml(product.title)}</h1>
               <p class="muted">${escapeHtml(product.vendor)} · ${escapeHtml(product.productType)}</p>
               <p>${money(product.priceMin)}</p>
               <label for="variant">Variant</label> <select id="variant" name="id">${variants}</select>
             </article>`,
          ),
        );
        return;
      }

      send(response, 404, page("Not found", "<h1>Not found</h1>"));
    } catch (error) {
      console.error(error);
      send(response, 500, page("Error", "<h1>Something went wrong</h1>"));
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: import("node:http").ServerResponse, status: number, html: string) {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  response.end(html);
}

function readBody(request: import("node:http").IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
