// How the dashboard reads: each statement in a read-only transaction of its own.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";
import { defineStatement, sql } from "../../db/statements.server";

export type Tx = Prisma.TransactionClient;

const READ_ONLY = defineStatement("pairwise-kpi-read-only", `SET TRANSACTION READ ONLY`);

/** Memory for the dashboard's hashes and sorts (per node, per statement): the range's events fit without spilling. */
const WORK_MEM = defineStatement("pairwise-kpi-work-mem", `SET LOCAL work_mem = '64MB'`);

/** The dashboard's reads: each statement in a read-only transaction of its own, with more work_mem. */
export async function analyticsRead<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await sql.execute(tx, READ_ONLY);
      await sql.execute(tx, WORK_MEM);
      return run(tx);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
