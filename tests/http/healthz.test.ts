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

describe("public/ files", () => {
  it("serves the app icon and the favicon the pages link to", async () => {
    for (const file of ["/favicon.svg", "/icon.svg"]) {
      const response = await fetch(`${app.url()}${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("content-type"), file).toMatch(/^image\/svg\+xml/);
      expect(await response.text(), file).toContain("<svg");
    }
  });
});
