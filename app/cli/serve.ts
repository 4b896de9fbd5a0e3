// `npm start`: serve the built app (after `npm run build`) with the environment validated first.
import "dotenv/config";
import { env, InvalidEnvironmentError } from "../env.server";
import { startAppServer } from "../server/http.server";

try {
  env();
} catch (error) {
  if (error instanceof InvalidEnvironmentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const server = await startAppServer({
  mode: process.env.NODE_ENV === "production" ? "production" : "development",
  host: process.env.HOST || "0.0.0.0",
  port: Number(process.env.PORT || 3000),
});
console.log(`Pairwise listening on ${server.url}`);

// A load balancer or process manager stops an instance with SIGTERM: stop accepting connections,
// let the requests in flight finish, then exit (which also flushes `node --cpu-prof` profiles).
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
