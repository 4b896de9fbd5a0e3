// inSqlTransaction: one transaction on a pooled pg connection, rolled back on error; and a
// connection lost mid-transaction (pg or Prisma) fails that transaction only.
import { describe, expect, it } from "vitest";
import prisma from "../db.server";
import { inSqlTransaction } from "./sql-tx.server";

describe("inSqlTransaction", () => {
  it("rolls back everything when the work throws, and the connection stays usable", async () => {
    await prisma.$executeRaw`CREATE TABLE IF NOT EXISTS sql_tx_probe (id bigint PRIMARY KEY)`;
    await expect(
      inSqlTransaction("BEGIN", async (client) => {
        await client.query("INSERT INTO sql_tx_probe (id) VALUES ($1)", [1]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(inSqlTransaction("BEGIN", (client) => client.query("SELECT 1/0"))).rejects.toThrow(/division by zero/);
    expect(await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM sql_tx_probe WHERE id = 1`).toEqual([
      { n: 0 },
    ]);
    expect((await inSqlTransaction("BEGIN", (client) => client.query("SELECT 1 AS ok"))).rows).toEqual([{ ok: 1 }]);
  });

  it("begins as told (isolation level, read only)", async () => {
    const { rows } = await inSqlTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", (client) =>
      client.query<{ level: string; ro: string }>(
        "SELECT current_setting('transaction_isolation') AS level, current_setting('transaction_read_only') AS ro",
      ),
    );
    expect(rows).toEqual([{ level: "repeatable read", ro: "on" }]);
  });
});

// Issue #13 item 1: a connection the server ends mid-transaction (restart, failover,
// pg_terminate_backend) fails that transaction only; the process lives and the pool reconnects.
describe("a connection lost mid-transaction", () => {
  const terminate = (pid: number) => prisma.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;

  it("on the pg pool: the transaction fails, the next one succeeds", async () => {
    const failed = inSqlTransaction("BEGIN", async (client) => {
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await terminate(rows[0].pid);
      // The client is checked out and idle between queries when its server goes away.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await client.query("SELECT 1");
    });
    await expect(failed).rejects.toThrow();
    const { rows } = await inSqlTransaction("BEGIN", (client) => client.query<{ ok: number }>("SELECT 1 AS ok"));
    expect(rows[0].ok).toBe(1);
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
