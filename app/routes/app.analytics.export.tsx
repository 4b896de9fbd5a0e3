// CSV export of the analytics page (issue #7): GET /app/analytics/export?report=summary|daily|
// breakdown|pairs|lines&from&to&surface&kind&rule → text/csv, behind admin authentication (the
// page fetches it with App Bridge's session token). A resource route: no parent loader runs.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { linesCsv, reportCsv } from "../analytics/kpi-csv";
import { parseKpiQuery } from "../analytics/kpi-query";
import { attributedLines, kpiReport } from "../analytics/kpis.server";
import { authenticate } from "../shopify.server";

/** The pairs export lists every pair shown or sold in the range, up to this many. */
const MAX_PAIRS = 10_000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseKpiQuery(new URL(request.url).searchParams);
  if (!parsed.ok) {
    return new Response(`Invalid request: ${parsed.error}`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const { filters, report } = parsed;
  const body =
    report === "lines"
      ? linesCsv(await attributedLines(session.shop, filters))
      : reportCsv(
          report,
          await kpiReport(session.shop, filters, { pairLimit: report === "pairs" ? MAX_PAIRS : undefined }),
        );
  const name = `pairwise-${report}-${filters.from}-to-${filters.to}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
};
