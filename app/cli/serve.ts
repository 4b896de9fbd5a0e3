// `npm start`: serve the built app (after `npm run build`) with the environment validated first.
// WEB_CONCURRENCY > 1 runs that many server processes on the same port (node:cluster): each is
// the same stateless server, so they share nothing but Postgres, as separate instances would.
import "dotenv/config";
import cluster from "node:cluster";
import { assertLocalAdminBinding } from "../shopify/local-admin.server";
import { env, InvalidEnvironmentError } from "../env.server";
import { startAppServer } from "../server/http.server";

let processes: number;
let host: string;
try {
  const config = env();
  processes = config.WEB_CONCURRENCY;
  // Local admin mode serves loopback only: its default host is loopback, and any other is refused.
  host = process.env.HOST || (config.PAIRWISE_LOCAL_ADMIN ? "127.0.0.1" : "0.0.0.0");
  assertLocalAdminBinding(host, config);
} catch (error) {
  if (error instanceof InvalidEnvironmentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const port = Number(process.env.PORT || 3000);

if (processes > 1 && cluster.isPrimary) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === processes)
      console.log(
        `Pairwise listening on http://${host === "0.0.0.0" ? "localhost" : host}:${port} (${processes} processes)`,
      );
  });
  // A process that dies is replaced; the others keep serving meanwhile.
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`server process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      let left = workers.length;
      if (left === 0) process.exit(0);
      for (const worker of workers) {
        worker?.once("exit", () => --left === 0 && process.exit(0));
        worker?.process.kill("SIGTERM");
      }
    });
  }
} else {
  const server = await startAppServer({
    mode: process.env.NODE_ENV === "production" ? "production" : "development",
    host,
    port,
  });
  if (cluster.isPrimary) console.log(`Pairwise listening on ${server.url}`);

  // A load balancer or process manager stops an instance with SIGTERM: stop accepting connections,
  // let the requests in flight finish, then exit (which also flushes `node --cpu-prof` profiles).
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void server.close().then(() => process.exit(0));
    });
  }
}
