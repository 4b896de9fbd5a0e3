// Lint: TypeScript-aware recommended rules and the rules of hooks; formatting is not linted.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".data/", ".cache/", "extensions/*/dist/", "public/build/", "tests/artifacts/"] },
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
    // No test times the machine (issue #18): speed is measured in `npm run bench`, as ratios.
    files: ["**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "performance", property: "now", message: "A test asserts conditions, not elapsed time: measure speed in tests/bench." },
      ],
    },
  },
  {
    files: ["extensions/**/*.js", "public/**/*.js"],
    // Theme globals the storefront scripts may find: Shopify's, and Dawn's pub/sub (checked with typeof first).
    languageOptions: {
      globals: { ...globals.browser, Shopify: "readonly", PUB_SUB_EVENTS: "readonly", subscribe: "readonly", publish: "readonly" },
      sourceType: "module",
    },
  },
  {
    // The storefront harness's Dawn-like theme: classic scripts whose top-level names are globals by design.
    files: ["tests/storefront/theme/*.js"],
    languageOptions: {
      globals: { ...globals.browser, PUB_SUB_EVENTS: "readonly", subscribe: "readonly", publish: "readonly" },
      sourceType: "script",
    },
    rules: { "@typescript-eslint/no-unused-vars": "off", "no-redeclare": "off" },
  },
);
