// The production build never serves local admin mode: with the flag it refuses to start, and
// without it an unauthenticated admin request from loopback is not let in.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../app/dev/local-postgres.server";
import { seedOfferShop, MACHINE } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";
import { signAppProxyQuery } from "../../app/dev/shopify-stand-in/signing";
import { waitFor } from "../support/wait-for";
import { TEST_API_SECRET, testEnv } from "../setup/test-env";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** Waits for /healthz; minutes, not seconds: a loaded 2-core machine starts a cold server slowly. */
async function waitForHealthy(url: string, child: ChildProcess) {
  await waitFor(
    `the production server at ${url} to answer /healthz with 200`,
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const response = await fetch(`${url}/healthz`);
      return { done: response.ok, seen: `status ${response.status}` };
    },
    { timeoutMs: 180_000 },
  );
}

describe("production build", () => {
  const productionEnv = () => ({
    ...process.env,
    ...testEnv,
    NODE_ENV: "production" as const,
    DATABASE_URL: process.env.DATABASE_URL!,
  });
  const SERVE = ["--import", "tsx", "app/cli/serve.ts"];
  /** `npm start` with this environment on top of production's, run until it exits (it should refuse). */
  const serveUntilExit = (env: Record<string, string>) =>
    spawnSync(process.execPath, SERVE, {
      env: { ...productionEnv(), HOST: "127.0.0.1", PORT: "0", ...env },
      encoding: "utf8",
      timeout: 180_000,
    });
  let server: ChildProcess | undefined;
  let serverPort = 0;

  afterAll(() => {
    server?.kill("SIGTERM");
  });

  it("refuses to start in local admin mode", () => {
    const result = serveUntilExit({ PAIRWISE_LOCAL_ADMIN: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PAIRWISE_LOCAL_ADMIN: must not be set in production");
  });

  it("outside production too, refuses local admin mode on a host beyond loopback", () => {
    const result = serveUntilExit({ NODE_ENV: "development", PAIRWISE_LOCAL_ADMIN: "1", HOST: "0.0.0.0" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "PAIRWISE_LOCAL_ADMIN: needs the server bound to loopback (HOST=127.0.0.1), not 0.0.0.0",
    );
  });

  it("serves health but asks Shopify to authenticate an admin request from loopback", async () => {
    const port = await freePort();
    serverPort = port;
    server = spawn(process.execPath, SERVE, {
      env: { ...productionEnv(), HOST: "127.0.0.1", PORT: String(port) },
      stdio: "ignore",
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(url, server);
    const response = await fetch(`http://localhost:${port}/app`, {
      redirect: "manual",
      headers: { "User-Agent": BROWSER },
    });
    expect(response.status).not.toBe(200);
    expect([302, 401]).toContain(response.status);
  });

  it("runs WEB_CONCURRENCY server processes on one port, and stops them all on SIGTERM", async () => {
    const refused = serveUntilExit({ WEB_CONCURRENCY: "0" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("WEB_CONCURRENCY: must be at least 1");

    const port = await freePort();
    const cluster = spawn(process.execPath, SERVE, {
      env: { ...productionEnv(), WEB_CONCURRENCY: "2", HOST: "127.0.0.1", PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    cluster.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForHealthy(`http://127.0.0.1:${port}`, cluster);
      await waitFor(
        "the cluster's 'listening (2 processes)' line",
        () => ({ done: output.includes("(2 processes)"), seen: output || "no output" }),
        { timeoutMs: 120_000 },
      );
      expect(output).toContain(`listening on http://127.0.0.1:${port} (2 processes)`);
      const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`http://127.0.0.1:${port}/healthz`)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    } finally {
      const exited = new Promise<number | null>((resolve) => cluster.once("exit", resolve));
      cluster.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  }, 400_000);

  it("serves the favicon and app icon from public/ (copied into the build)", async () => {
    expect(server, "an earlier test starts the server").toBeDefined();
    const favicon = await fetch(`http://127.0.0.1:${serverPort}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect((await fetch(`http://127.0.0.1:${serverPort}/icon.svg`)).status).toBe(200);
  });

  it("answers the storefront's offers from the build (the node:http fast path), and 400 to a bad signature", async () => {
    expect(server, "the previous test starts the server").toBeDefined();
    const shop = uniqueShop();
    await seedOfferShop(shop);
    const signed = signAppProxyQuery(
      TEST_API_SECRET,
      shop,
      new URLSearchParams({ surface: "product", product_id: String(MACHINE), kind: "upgrade" }),
    );
    const offers = await fetch(`http://127.0.0.1:${serverPort}/proxy/offers?${signed}`);
    expect(offers.status).toBe(200);
    expect(offers.headers.get("content-type")).toBe("application/liquid");
    expect(await offers.text()).toContain("all_products['espresso-machine-pro']");
    signed.set("product_id", "1");
    expect((await fetch(`http://127.0.0.1:${serverPort}/proxy/offers?${signed}`)).status).toBe(400);
  });
});
