// Whether the database answers, for /healthz (load balancers' liveness and readiness check).
import prisma from "../db.server";

export async function databaseAnswers(): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
