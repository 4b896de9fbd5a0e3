// The HTTP server around the Remix app: Vite middleware in development (the demo, the tests), the
// built bundle in production, and the storefront's offers request answered ahead of both
// (offers-fast-path.server.ts). Stateless: run as many behind a load balancer as the load needs.
import path from "node:path";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { isOffersProxyRequest, offersProxyAnswer, sendOffersProxyAnswer, type OffersProxyAnswer } from "./offers-fast-path.server";

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
    app.use((request, response, next) => (/\.[A-Za-z0-9]+$/.test(request.path) ? publicFiles(request, response, next) : next()));
    const loaded = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
    build = loaded;
    const answer = offersProxyAnswer(loaded);
    offersAnswer = async () => answer;
  }

  app.all("*", createRequestHandler({ build, mode: options.mode }));

  const server: Server = createServer((request, response) => {
    if (isOffersProxyRequest(request)) void sendOffersProxyAnswer(offersAnswer, request, response);
    else app(request, response);
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
