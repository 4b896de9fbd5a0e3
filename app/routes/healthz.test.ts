// The unhealthy path: a database that does not answer gives 503, never a crash.
import { describe, expect, it, vi } from "vitest";

vi.mock("../db.server", () => ({
  default: { $queryRawUnsafe: () => Promise.reject(new Error("connection refused")) },
}));

describe("healthz loader", () => {
  it("answers 503 when the database is unreachable", async () => {
    const { loader } = await import("./healthz");
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", database: "unreachable" });
  });
});
