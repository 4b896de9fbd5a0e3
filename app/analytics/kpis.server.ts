// What the offers earn (issue #7; definitions in docs/kpis.md): the one entry point of the
// dashboard's numbers, for the routes, the CSV and the benchmark. Every number is computed in
// Postgres, scoped by shop, range and filters; the parts live in app/analytics/kpis/.
export { attributedLines } from "./kpis/attributed-lines.server";
export { EMAIL_WINDOW_DAYS } from "./kpis/attribution.server";
export { KPI_QUERIES } from "./kpis/queries.server";
export { kpiReport } from "./kpis/report.server";
export type {
  AttributedLine,
  BreakdownRow,
  DailyPoint,
  EmailFunnel,
  EventCounts,
  ExperimentReport,
  KpiReport,
  Kpis,
  LineCounts,
  OrderKpis,
  PairRow,
} from "./kpis/types";
