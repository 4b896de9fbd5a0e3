import { describe, expect, it } from "vitest";
import { startTestAppServer } from "../support/app-server";

const app = startTestAppServer();

describe("GET /healthz", () => {
  it("answers 200 when the database answers, without caching", async () => {
    const response = await fetch(`${app.url()}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
