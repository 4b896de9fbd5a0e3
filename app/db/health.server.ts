// Whether the database answers, for /healthz (load balancers' liveness and readiness check).
import prisma from "../db.server";
import { defineStatement, sql } from "./statements.server";

const PROBE = defineStatement<{ one: number }>("pairwise-health-probe", `SELECT 1 AS one`, { columns: ["one"] });

export async function databaseAnswers(): Promise<boolean> {
  try {
    await sql.query(prisma, PROBE);
    return true;
  } catch {
    return false;
  }
}
