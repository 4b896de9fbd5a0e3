// Local admin mode over real HTTP: the demo merchant only for a caller on loopback (the socket's
// address, which a client cannot forge with a header), and never on a server bound beyond loopback.
import { request as httpRequest } from "node:http";
import { networkInterfaces } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { startDemoStack } from "../../app/dev/demo-stack.server";
import { startAppServer } from "../../app/server/http.server";
import { REMOTE_ADDRESS_HEADER } from "../../app/server/remote-address.server";
import { installAdminShop, pageText } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";

// Local admin mode for this file's server (read when the app's environment is first checked).
const SHOP = uniqueShop("local-admin");
process.env.PAIRWISE_LOCAL_ADMIN = "1";
process.env.PAIRWISE_LOCAL_SHOP = SHOP;

const app = startTestAppServer();
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** An address of this machine that is not loopback: connecting from it to 127.0.0.1 makes a non-loopback caller. */
const OUTSIDE_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;

beforeAll(async () => {
  await installAdminShop(SHOP);
});

/** GET a path of the app server from `localAddress` (the socket's source), with these headers. */
function get(
  path: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<{ status: number; text: string }> {
  const url = new URL(path, app.url());
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { "User-Agent": BROWSER, ...headers }, localAddress }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: pageText(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const port = () => new URL(app.url()).port;
const isDemoMerchant = (answer: { status: number; text: string }) =>
  answer.status === 200 && answer.text.includes("Orders ingested");

describe("local admin mode", () => {
  it("lets a caller on loopback in as the local shop", async () => {
    expect(isDemoMerchant(await get("/app", { Host: `localhost:${port()}` }))).toBe(true);
  });

  it("goes by the socket's address: a client's header of the internal name is replaced", async () => {
    // A loopback caller claiming to be elsewhere is still on loopback; what counts is the socket.
    expect(
      isDemoMerchant(await get("/app", { Host: `localhost:${port()}`, [REMOTE_ADDRESS_HEADER]: "192.0.2.77" })),
    ).toBe(true);
  });

  it.skipIf(!OUTSIDE_ADDRESS)(
    "refuses a caller from a non-loopback address, whatever Host and internal header it sends",
    async () => {
      for (const host of [`localhost:${port()}`, "127.0.0.1", `localhost:${port()}@evil.example.com`]) {
        const answer = await get("/app", { Host: host, [REMOTE_ADDRESS_HEADER]: "127.0.0.1" }, OUTSIDE_ADDRESS);
        expect(isDemoMerchant(answer), `Host: ${host}`).toBe(false);
        expect(answer.status).not.toBe(200);
      }
    },
  );

  it("refuses a loopback caller whose Host is not loopback (DNS rebinding)", async () => {
    expect(isDemoMerchant(await get("/app", { Host: "evil.example.com" }))).toBe(false);
  });

  it("refuses to start a server bound beyond loopback", async () => {
    await expect(startAppServer({ mode: "development", host: "0.0.0.0", port: 0 })).rejects.toThrow(
      /PAIRWISE_LOCAL_ADMIN: needs the server bound to loopback \(HOST=127\.0\.0\.1\), not 0\.0\.0\.0/,
    );
    await expect(startDemoStack({ host: "0.0.0.0", port: 0 })).rejects.toThrow(
      /PAIRWISE_LOCAL_ADMIN: needs the server bound to loopback/,
    );
  });
});
