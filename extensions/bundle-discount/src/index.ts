// Entry point Shopify CLI builds into dist/function.wasm: one export per target (`export = "run"`).
export { run } from "./run";
