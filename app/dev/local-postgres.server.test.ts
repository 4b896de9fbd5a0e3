// The project's own Postgres changes no folder it did not create (issue #13: as root, a data folder
// directly under /tmp made /tmp 0755), and a failed start says why. Temp folders only: a folder
// made by the test stands in for /tmp.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createParentDirs, startError, startLocalPostgres } from "./local-postgres.server";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(mode: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pairwise-pg-dirs-"));
  made.push(dir);
  chmodSync(dir, mode);
  return dir;
}

const modeOf = (dir: string) => statSync(dir).mode & 0o7777;
const runningAsRoot = userInfo().uid === 0;

describe("createParentDirs", () => {
  it("returns only the folders it created, outermost first", () => {
    const root = tempDir(0o700);
    expect(createParentDirs(path.join(root, "a", "b", "data"))).toEqual([
      path.join(root, "a"),
      path.join(root, "a", "b"),
    ]);
    expect(createParentDirs(path.join(root, "a", "b", "data"))).toEqual([]);
    expect(createParentDirs(path.join(root, "data"))).toEqual([]);
    expect(modeOf(root)).toBe(0o700);
  });
});

describe("startLocalPostgres", () => {
  it("leaves a shared parent (a /tmp stand-in, 1777) as it was", { timeout: 120_000 }, async () => {
    const sharedTmp = tempDir(0o1777);
    const server = await startLocalPostgres({ dataDir: path.join(sharedTmp, "data"), persistent: false });
    try {
      expect(modeOf(sharedTmp)).toBe(0o1777);
    } finally {
      await server.stop();
    }
  });

  it.runIf(runningAsRoot)(
    "refuses, naming it, a parent the postgres user cannot enter, instead of opening it",
    async () => {
      const privateDir = tempDir(0o700);
      await expect(startLocalPostgres({ dataDir: path.join(privateDir, "data"), persistent: false })).rejects.toThrow(
        new RegExp(`cannot enter ${privateDir}`),
      );
      expect(modeOf(privateDir)).toBe(0o700);
    },
  );

  it("opens only the folders it was told it created, and those it creates", { timeout: 120_000 }, async () => {
    const ours = tempDir(0o700);
    const server = await startLocalPostgres({
      dataDir: path.join(ours, "new", "data"),
      persistent: false,
      createdDirs: [ours],
    });
    try {
      if (runningAsRoot) expect([modeOf(ours), modeOf(path.join(ours, "new"))]).toEqual([0o755, 0o755]);
    } finally {
      await server.stop();
    }
  });

  it("a failed start rejects with an Error that carries what Postgres printed", { timeout: 120_000 }, async () => {
    const root = tempDir(0o755);
    const dataDir = path.join(root, "data");
    const first = await startLocalPostgres({ dataDir, persistent: true });
    await first.stop();
    writeFileSync(path.join(dataDir, "postgresql.conf"), "this is = not a setting = at all\n");
    const failed = await startLocalPostgres({ dataDir, port: first.port, persistent: true }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/^PostgreSQL did not start: the server exited\n[\s\S]*postgresql\.conf/);
  });
});

describe("startError", () => {
  it("names non-Error reasons instead of printing `undefined`", () => {
    expect(startError("PostgreSQL did not start", undefined, ["FATAL:  bad"]).message).toBe(
      "PostgreSQL did not start: the server exited\nFATAL:  bad",
    );
    expect(startError("x", { code: 1 }, []).message).toBe("x: { code: 1 }");
    expect(startError("x", new Error("boom"), []).message).toBe("x: boom");
  });
});
