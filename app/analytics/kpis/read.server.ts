// How the dashboard reads: each statement in a read-only transaction of its own.
import type { Prisma } from "@prisma/client";
import prisma from "../../db.server";

export type Tx = Prisma.TransactionClient;

/** Memory for the dashboard's hashes and sorts (per node, per statement): the range's events fit without spilling. */
const WORK_MEM = "64MB";

/** The dashboard's reads: each statement in a read-only transaction of its own, with more work_mem. */
export async function analyticsRead<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${WORK_MEM}'`);
      return run(tx);
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
