// Lint: TypeScript-aware recommended rules, the rules of hooks and the code's boundaries (who may
// import whom, issue #14); formatting is not linted.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Each boundary is no-restricted-imports under its own name, so one file can be under several
// boundaries (a later config's options for the same rule would replace an earlier one's) and a
// failure names the boundary it crossed. Patterns match the import as written.
const restrictedImports = tseslint.plugin.rules["no-restricted-imports"];
const boundary = (message, ...regexes) => [
  "error",
  { patterns: [{ regex: regexes.map((r) => `(${r})`).join("|"), message }] },
];
const TEST_FILES = ["**/*.test.{ts,tsx}", "**/*.test-helpers.ts"];

export default tseslint.config(
  {
    ignores: [
      "build/",
      "node_modules/",
      ".data/",
      ".cache/",
      "extensions/*/dist/",
      "public/build/",
      "tests/artifacts/",
      "app/shopify/graphql/types/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    plugins: {
      boundaries: {
        rules: {
          "pure-modules": restrictedImports,
          "server-no-ui": restrictedImports,
          "no-test-code": restrictedImports,
          "no-demo-code": restrictedImports,
          "routes-no-db": restrictedImports,
        },
      },
    },
  },
  {
    files: ["app/offers/engine/**/*.{ts,tsx}", "app/recommender/core/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "boundaries/pure-modules": boundary(
        "Pure module (offers engine, recommender core): it does no I/O, so it imports only other pure modules (offers/engine, recommender/core, rules/rule-schema); the caller loads the data and passes it in.",
        "^\\.\\./(?!\\.\\./(offers/engine|recommender/core)/|\\.\\./rules/rule-schema$)",
        "^~/(?!(offers/engine|recommender/core)/|rules/rule-schema$)",
        "\\.server(\\.tsx?)?$",
        "^(node:)?(fs|net|http|https|http2|child_process|dgram|tls|worker_threads)(/|$)",
        "^(pg|graphile-worker|nodemailer|msw)(/|$)|^@(prisma|remix-run|shopify)/",
      ),
    },
  },
  {
    // Everything but the UI (app/components, app/routes, app/root.tsx).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/components/**", "app/routes/**", "app/root.tsx"],
    rules: {
      "boundaries/server-no-ui": boundary(
        "Server and domain code imports no UI: app/components and app/routes depend on the domains, not the other way; move the shared piece into its domain.",
        "^(\\./|(\\.\\./)+)(components|routes)(/|$)",
        "^~/(components|routes)(/|$)",
      ),
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: TEST_FILES,
    rules: {
      "boundaries/no-test-code": boundary(
        "App code imports nothing from tests/: what the demo needs lives in app/dev (docs/decisions/004).",
        "^(\\.\\./)+tests(/|$)",
        "^~/\\.\\./tests(/|$)",
        "^vitest(/|$)",
      ),
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/dev/**", "app/cli/**", ...TEST_FILES],
    rules: {
      "boundaries/no-demo-code": boundary(
        "Production code never imports the demo (app/dev: Shopify stand-ins, storefront harness, seed); only app/cli and tests do (docs/decisions/004).",
        "^(\\./|(\\.\\./)+)dev(/|$)",
        "^~/dev(/|$)",
      ),
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: TEST_FILES,
    rules: {
      "boundaries/routes-no-db": boundary(
        "Routes never touch the database client: call the domain module that owns the query (app/<domain>/*.server.ts).",
        "(^|/)db\\.server$",
        "(^|/)db/sql-(pool|tx)\\.server$",
        "^(pg|@prisma/client|@prisma/adapter-pg)(/|$)",
      ),
    },
  },
  {
    // No test times the machine (issue #18): speed is measured in `npm run bench`, as ratios.
    files: ["**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "performance",
          property: "now",
          message: "A test asserts conditions, not elapsed time: measure speed in tests/bench.",
        },
      ],
    },
  },
  {
    files: ["extensions/**/*.js", "public/**/*.js"],
    // Theme globals the storefront scripts may find: Shopify's, and Dawn's pub/sub (checked with typeof first).
    languageOptions: {
      globals: {
        ...globals.browser,
        Shopify: "readonly",
        PUB_SUB_EVENTS: "readonly",
        subscribe: "readonly",
        publish: "readonly",
      },
      sourceType: "module",
    },
  },
  {
    // The storefront harness's Dawn-like theme: classic scripts whose top-level names are globals by design.
    files: ["app/dev/storefront-harness/theme/*.js"],
    languageOptions: {
      globals: { ...globals.browser, PUB_SUB_EVENTS: "readonly", subscribe: "readonly", publish: "readonly" },
      sourceType: "script",
    },
    rules: { "@typescript-eslint/no-unused-vars": "off", "no-redeclare": "off" },
  },
);
