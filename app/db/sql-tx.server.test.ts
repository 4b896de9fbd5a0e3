// The pg transaction client keeps Prisma's conventions, so model code behaves the same in both.
import { Prisma } from "@prisma/client";
import { afterEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { withSqlTransaction } from "./sql-tx.server";

const INSTANT = new Date("2026-11-23T08:30:15.250Z");

describe("withSqlTransaction", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });

  it("writes and reads `timestamp` columns as UTC, whatever the process's time zone", async () => {
    process.env.TZ = "America/New_York";
    await prisma.$executeRaw`CREATE TABLE IF NOT EXISTS sql_tx_probe (id bigint PRIMARY KEY, at timestamp(3), amount numeric(14, 2))`;
    await withSqlTransaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO sql_tx_probe (id, at, amount) VALUES (${9_007_199_254_740_993n}, ${INSTANT}, ${"12.50"})`;
    });
    const [viaPg] = await withSqlTransaction((tx) => tx.$queryRaw<{ id: bigint; at: Date; amount: string }[]>`SELECT id, at, amount FROM sql_tx_probe`);
    const [viaPrisma] = await prisma.$queryRaw<{ at: Date }[]>`SELECT at FROM sql_tx_probe`;
    expect(viaPg.id).toBe(9_007_199_254_740_993n);
    expect(viaPg.at.toISOString()).toBe(INSTANT.toISOString());
    expect(viaPrisma.at.toISOString()).toBe(INSTANT.toISOString());
    expect(viaPg.amount).toBe("12.50");
  });

  it("takes Prisma.sql fragments and Unsafe queries with positional parameters", async () => {
    const fragment = Prisma.sql`SELECT ${41}::int + 1 AS n`;
    const [fromFragment] = await withSqlTransaction((tx) => tx.$queryRaw<{ n: number }[]>(fragment));
    const [fromUnsafe] = await withSqlTransaction((tx) => tx.$queryRawUnsafe<{ s: string }[]>(`SELECT $1::text || $2::text AS s`, "a", "b"));
    expect(fromFragment.n).toBe(42);
    expect(fromUnsafe.s).toBe("ab");
  });

  it("rolls back everything when the work throws, and the connection stays usable", async () => {
    await prisma.$executeRaw`CREATE TABLE IF NOT EXISTS sql_tx_probe (id bigint PRIMARY KEY, at timestamp(3), amount numeric(14, 2))`;
    await expect(
      withSqlTransaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO sql_tx_probe (id, at, amount) VALUES (${1n}, ${INSTANT}, ${"1.00"})`;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(
      withSqlTransaction(async (tx) => {
        await tx.$executeRaw`SELECT 1/0`;
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM sql_tx_probe WHERE id = 1`).toEqual([{ n: 0 }]);
    expect(await withSqlTransaction((tx) => tx.$executeRaw`SELECT 1`)).toBe(1);
  });
});

// Issue #13 item 1: a connection the server ends mid-transaction (restart, failover,
// pg_terminate_backend) fails that transaction only; the process lives and the pool reconnects.
describe("a connection lost mid-transaction", () => {
  const terminate = (pid: number) => prisma.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;

  it("on the pg pool: the transaction fails, the next one succeeds", async () => {
    const failed = withSqlTransaction(async (tx) => {
      const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await terminate(pid);
      // The client is checked out and idle between queries when its server goes away.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.$queryRaw`SELECT 1`;
    });
    await expect(failed).rejects.toThrow();
    const [{ ok }] = await withSqlTransaction((tx) => tx.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`);
    expect(ok).toBe(1);
  });

  it("in Prisma transactions: each fails, and more of them than the pool holds leak no connection", async () => {
    // Prisma never releases a transaction's lost connection; eleven would exhaust its pool of ten.
    for (let i = 0; i < 11; i++) {
      const failed = prisma.$transaction(async (tx) => {
        const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        await terminate(pid);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await tx.$queryRaw`SELECT 1`;
      });
      await expect(failed).rejects.toThrow();
    }
    // Ending the pool waits for every checked-out connection: a leaked one would hang here.
    await prisma.$disconnect();
    globalThis.__pairwisePrisma = undefined;
    const [{ ok }] = await prisma.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`;
    expect(ok).toBe(1);
  });
});
