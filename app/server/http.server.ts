// The HTTP server around the Remix app: Vite middleware in development (the demo, the tests), the built
// bundle in production, the storefront's offers request answered ahead of both (decision 013), and
// body limits, the cross-site check, NUL URLs and the remote address handled ahead of every route
// (decision 017). Stateless: run as many behind a load balancer as the load needs.
import path from "node:path";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler } from "express";
import { assertLocalAdminBinding } from "../shopify/local-admin.server";
import { parseEnv } from "../env.server";
import { BodyTooLargeError, bodyLimitFor, declaredBodyLength, isBodyRefused, limitBody } from "./body-limit.server";
import { isCrossSiteAction } from "./cross-site.server";
import {
  isOffersProxyRequest,
  offersProxyAnswer,
  sendOffersProxyAnswer,
  type OffersProxyAnswer,
} from "../offers/storefront/offers-fast-path.server";
import { markRemoteAddress } from "./remote-address.server";
import { targetHoldsNul } from "./request-path.server";

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A refusal ahead of the routes; the connection closes after it (an unread body may follow). */
function refuse(response: ServerResponse, status: 400 | 403 | 413, text: string): void {
  response
    .writeHead(status, {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": "no-store",
      Connection: "close",
    })
    .end(text);
}

/**
 * Holds the request's body to its route's limit: a larger declared length is refused now (false);
 * a body that grows past it unannounced is cut off, answered 413, and its reader gets an error.
 */
function holdBodyToLimit(request: IncomingMessage, response: ServerResponse): boolean {
  const limit = bodyLimitFor(request.url ?? "/");
  if ((declaredBodyLength(request) ?? 0) > limit) {
    refuse(response, 413, "Payload Too Large");
    return false;
  }
  limitBody(request, limit, () => {
    const failReader = () => request.destroy(new BodyTooLargeError(limit));
    if (response.headersSent) return failReader();
    refuse(response, 413, "Payload Too Large");
    response.once("close", failReader);
  });
  return true;
}

/**
 * A route may answer before the request's body has all arrived (405, 401, 404 without reading it):
 * such an answer closes the connection, so that the client does not send its next request on a
 * connection that is still carrying the rest of this body (that reuse ended in resets).
 */
function closeIfAnsweredEarly(request: IncomingMessage, response: ServerResponse): void {
  const writeHead = response.writeHead;
  response.writeHead = function writeHeadClosingEarly(this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!request.complete && !this.headersSent) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

// The route that was reading a body cut off at its limit fails, after the 413 went out: nothing to add.
const ignoreAfterBodyRefused: ErrorRequestHandler = (error, request, _response, next) => {
  if (isBodyRefused(request)) return;
  next(error);
};

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export async function startAppServer(options: {
  mode: "development" | "production";
  host: string;
  port: number;
  root?: string;
}): Promise<AppServer> {
  assertLocalAdminBinding(options.host, parseEnv(process.env));
  const root = options.root ?? process.cwd();
  const app = express();
  app.disable("x-powered-by");
  let closeVite = async () => {};

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let offersAnswer: () => Promise<OffersProxyAnswer>;
  if (options.mode === "development") {
    const vite = await import("vite");
    const viteServer = await vite.createServer({
      root,
      configFile: path.join(root, "vite.config.ts"),
      // Each server its own HMR websocket port: several (demo, tests) may run side by side.
      server: { middlewareMode: true, hmr: { port: await freeLoopbackPort() } },
      appType: "custom",
      logLevel: "warn",
      // Every dev server's browser bundle is a development one, whatever NODE_ENV the process has
      // (vitest sets "test"). The pre-bundled dependencies are cached on disk and shared by all dev
      // servers, so the value must not depend on which process bundled them first; and some
      // libraries switch to test doubles on "test" (Polaris Viz fakes its ResizeObserver).
      optimizeDeps: { esbuildOptions: { define: { "process.env.NODE_ENV": JSON.stringify("development") } } },
    });
    closeVite = () => viteServer.close();
    app.use(viteServer.middlewares);
    const loadBuild = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    build = loadBuild;
    // Vite's current module graph, so an edit to the offers code applies here as in Remix.
    offersAnswer = async () => offersProxyAnswer(await loadBuild());
  } else {
    const buildDir = path.join(root, "build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    // Other public files (favicon.ico, robots.txt…): only paths that name a file go to the disk, so
    // route requests (the storefront's /proxy/offers at hundreds a second) cost no stat() each.
    const publicFiles = express.static(path.join(buildDir, "client"), { maxAge: "1h" });
    app.use((request, response, next) =>
      /\.[A-Za-z0-9]+$/.test(request.path) ? publicFiles(request, response, next) : next(),
    );
    const loaded = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
    build = loaded;
    const answer = offersProxyAnswer(loaded);
    offersAnswer = async () => answer;
  }

  app.all("*", createRequestHandler({ build, mode: options.mode }));
  app.use(ignoreAfterBodyRefused);

  const server: Server = createServer((request, response) => {
    if (!holdBodyToLimit(request, response)) return;
    if (isOffersProxyRequest(request)) void sendOffersProxyAnswer(offersAnswer, request, response);
    else if (isCrossSiteAction(request)) refuse(response, 403, "Cross-site request refused");
    else if (targetHoldsNul(request.url ?? "")) refuse(response, 400, "Bad Request: NUL in the URL");
    else {
      markRemoteAddress(request);
      closeIfAnsweredEarly(request, response);
      app(request, response);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host === "0.0.0.0" ? "localhost" : options.host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closeVite();
    },
  };
}
