// Request bodies are held to their route's limit by the HTTP server before any route reads them:
// an oversized body (declared or chunked) gets 413 before the sender has finished, nothing is
// written, and the server keeps serving. Raw node:http clients: the tests control how bodies are sent.
import { request as httpRequest, type ClientRequest } from "node:http";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from "../../app/server/body-limit.server";
import { ensureShop } from "../../app/shops/shop.server";
import { startTestAppServer } from "../support/app-server";
import { orderJson } from "../support/shopify-orders";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();
const WEBHOOK_LIMIT = BODY_LIMITS.find((entry) => entry.prefix === "/webhooks")!.bytes;
const MiB = 1024 * 1024;

interface Sent {
  status: number | undefined;
  body: string;
  /** Body bytes handed to the socket before the answer came (or the connection closed). */
  sentBytes: number;
  finishedSending: boolean;
  /** The server closed the connection while this client was still writing (EPIPE / ECONNRESET). */
  reset: boolean;
}

/**
 * POSTs `body` (or `total` filler bytes) in 64 KiB chunks, respecting backpressure, and stops sending
 * as soon as an answer arrives or the connection closes. Without `contentLength`, the body is chunked.
 */
function send(
  path: string,
  options: {
    headers?: Record<string, string>;
    body?: Buffer;
    total?: number;
    contentLength?: number;
    stopAfter?: number;
  },
): Promise<Sent> {
  const url = new URL(path, app.url());
  const body = options.body ?? Buffer.alloc(options.total ?? 0, "x");
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentLength !== undefined) headers["Content-Length"] = String(options.contentLength);
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    let answer = "";
    let sentBytes = 0;
    let finishedSending = false;
    let reset = false;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve({ status, body: answer, sentBytes, finishedSending, reset });
    };
    const req: ClientRequest = httpRequest(url, { method: "POST", headers });
    req.on("response", (response) => {
      status = response.statusCode;
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (answer += chunk));
      response.on("end", settle);
      response.on("error", settle);
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (status === undefined && error.code !== "EPIPE" && error.code !== "ECONNRESET") return reject(error);
      reset = error.code === "EPIPE" || error.code === "ECONNRESET";
      settle();
    });
    req.on("close", () => setTimeout(settle, 50));
    void (async () => {
      const stopAt = Math.min(body.length, options.stopAfter ?? body.length);
      for (let offset = 0; offset < stopAt; offset += 64 * 1024) {
        if (status !== undefined || req.destroyed) return;
        const chunk = body.subarray(offset, Math.min(offset + 64 * 1024, stopAt));
        const flushed = req.write(chunk);
        sentBytes += chunk.length;
        if (!flushed) await untilWritableOrAnswered(req);
      }
      if (status !== undefined || req.destroyed) return;
      if (stopAt < body.length) return; // a sender that never finishes: only an early answer ends this
      finishedSending = true;
      req.end();
    })();
  });
}

function untilWritableOrAnswered(req: ClientRequest): Promise<void> {
  const events = ["drain", "response", "close"] as const;
  return new Promise((resolve) => {
    const done = () => {
      for (const event of events) req.off(event, done);
      resolve();
    };
    for (const event of events) req.on(event, done);
  });
}

/** A validly signed orders/create webhook whose JSON is padded to `bytes`. */
function signedOrderWebhook(shop: string, bytes: number) {
  const order = {
    ...orderJson({ id: 4242, lines: [{ id: 42420, productId: 1 }], createdAt: new Date(), updatedAt: new Date() }),
    note: "",
  };
  const bare = JSON.stringify(order).length;
  const text = JSON.stringify({ ...order, note: "n".repeat(Math.max(0, bytes - bare)) });
  return {
    body: Buffer.from(text),
    headers: webhookHeaders({ secret: TEST_API_SECRET, shop, topic: "orders/create", body: text }),
  };
}

async function deliveries(shop: string) {
  return prisma.webhookDelivery.count({ where: { shop } });
}

async function stillServes() {
  expect((await fetch(`${app.url()}/healthz`)).status).toBe(200);
}

describe("request body limits", () => {
  it("answers 413 to a signed webhook over the limit, declared by Content-Length, and writes nothing", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const { body, headers } = signedOrderWebhook(shop, WEBHOOK_LIMIT + 1024);
    const sent = await send("/webhooks/orders/create", { headers, body, contentLength: body.length });
    expect(sent.status).toBe(413);
    expect(await deliveries(shop)).toBe(0);
    await stillServes();
  });

  it("answers 413 to a signed webhook over the limit sent chunked (no Content-Length), and writes nothing", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const { body, headers } = signedOrderWebhook(shop, WEBHOOK_LIMIT + 1024);
    const sent = await send("/webhooks/orders/create", { headers, body });
    expect(sent.status).toBe(413);
    expect(await deliveries(shop)).toBe(0);
    await stillServes();
  });

  it("still takes a signed webhook within the limit, chunked", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const { body, headers } = signedOrderWebhook(shop, 1 * MiB);
    const sent = await send("/webhooks/orders/create", { headers, body });
    expect(sent.status).toBe(200);
    expect(await deliveries(shop)).toBe(1);
  });

  it("answers a declared 100 MiB body at once, without waiting for it: the sender has sent 1 MiB and is still sending", async () => {
    const sent = await send("/webhooks/orders/create", {
      headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": "bad" },
      total: 100 * MiB,
      contentLength: 100 * MiB,
      stopAfter: 1 * MiB,
    });
    expect(sent.status).toBe(413);
    expect(sent.finishedSending).toBe(false);
    await stillServes();
  });

  it("cuts off a chunked 64 MiB body at the limit: the answer comes while the sender is far from done", async () => {
    const sent = await send("/webhooks/orders/create", {
      headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": "bad" },
      total: 64 * MiB,
    });
    // The 413 goes out at the limit; a client still writing may see the connection's close before it
    // reads the answer (a busy machine's scheduling), which is a cut-off too. Either way the server
    // stopped reading soon after the limit; the rest never left this process.
    expect(sent.status === 413 || (sent.status === undefined && sent.reset), `status ${sent.status}`).toBe(true);
    expect(sent.finishedSending).toBe(false);
    expect(sent.sentBytes).toBeLessThan(32 * MiB);
    await stillServes();
  });

  // Declared lengths only: these routes may refuse an unauthenticated caller before reading any body.
  it("holds admin posts, the storefront, checkout and everything else to their own limits", async () => {
    for (const [path, limit] of [
      ["/app/settings", BODY_LIMITS.find((entry) => entry.prefix === "/app")!.bytes],
      ["/proxy/events", BODY_LIMITS.find((entry) => entry.prefix === "/proxy")!.bytes],
      ["/api/checkout/offers", BODY_LIMITS.find((entry) => entry.prefix === "/api")!.bytes],
      ["/email/unsubscribe", DEFAULT_BODY_LIMIT],
      ["/WEBHOOKS/orders/create", DEFAULT_BODY_LIMIT],
    ] as const) {
      const within = await send(path, {
        headers: { "Content-Type": "application/json" },
        total: 16,
        contentLength: 16,
      });
      expect(within.status, `${path}, 16 bytes`).not.toBe(413);
      const over = await send(path, {
        headers: { "Content-Type": "application/json" },
        total: limit + 1,
        contentLength: limit + 1,
      });
      expect(over.status, `${path}, ${limit + 1} bytes`).toBe(413);
    }
    await stillServes();
  });
});
