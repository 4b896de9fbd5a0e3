/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Vitest reads this file too (mode "test"); the Remix plugin is only for the app build and the dev
// server, which tests also start (mode "development") to exercise the real routes over HTTP.
export default defineConfig(({ mode }) => ({
  server: {
    // Let Remix answer CORS preflights (checkout extension requests) instead of Vite's dev server.
    cors: { preflightContinue: true },
    // Shopify CLI sets HOST/PORT for `shopify app dev`; the demo server runs Vite in middleware mode.
    port: Number(process.env.PORT || 3000),
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    mode !== "test" &&
      remix({
        ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
          v3_routeConfig: false,
        },
      }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: {
    // Scan every route up front: dependencies discovered late make Vite re-optimize and answer
    // the browser's first requests with "504 Outdated Optimize Dep".
    entries: ["app/root.tsx", "app/routes/**/*.tsx"],
    include: ["@shopify/app-bridge-react", "@shopify/polaris", "@shopify/shopify-app-remix/react"],
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "tests/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-each-file.ts"],
    pool: "forks",
    // Most tests wait on Postgres, HTTP or a browser, not on the CPU: two workers even on 2 cores.
    maxWorkers: 2,
    // Generous: HTTP and browser tests share 2 cores with Postgres, and CI or a laptop may be busy
    // with other work; a slow machine is not a failure. Tests wait on conditions (tests/support/wait-for.ts).
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
}));
