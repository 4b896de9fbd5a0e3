// Liveness and readiness for load balancers: 200 when the database answers, 503 when it does not.
import prisma from "../db.server";

export const loader = async () => {
  const started = performance.now();
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
  return Response.json(
    { status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started) },
    { headers: { "Cache-Control": "no-store" } },
  );
};
