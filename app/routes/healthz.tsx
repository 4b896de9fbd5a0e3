// Liveness and readiness for load balancers: 200 when the database answers, 503 when it does not.
import { databaseAnswers } from "../db/health.server";

export const loader = async () => {
  const started = performance.now();
  if (!(await databaseAnswers())) {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
  return Response.json(
    { status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started) },
    { headers: { "Cache-Control": "no-store" } },
  );
};
