import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isLoopbackHost } from "./remote-address.server";

describe("loopback", () => {
  it("knows loopback addresses in every spelling, and nothing else", () => {
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [
      "0.0.0.0",
      "::",
      "10.0.0.1",
      "192.0.2.2",
      "::ffff:10.0.0.1",
      "::2",
      "128.0.0.1",
      "localhost",
      "",
      undefined,
      null,
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it("knows which listen hosts bind to loopback only", () => {
    for (const host of ["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]"])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "", "192.0.2.2", "example.com", "localhost.example.com"])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
