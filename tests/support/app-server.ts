// The real app over real HTTP for a test file: the Remix routes served by the same server code the
// demo uses, on a free loopback port, against the file's own database.
import { afterAll, beforeAll } from "vitest";
import { startAppServer, type AppServer } from "../../app/server/http.server";

export function startTestAppServer(): { url: () => string } {
  let server: AppServer | undefined;
  beforeAll(async () => {
    server = await startAppServer({ mode: "development", host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    url: () => {
      if (!server) throw new Error("app server not started");
      return server.url;
    },
  };
}
