// The dashboard's statements one at a time, for the benchmark (tests/bench/kpi-queries.bench.ts).
import type { KpiFilters } from "../kpi-query";
import { attributionSets } from "./attribution-sets.server";
import { emailFunnel } from "./email-funnel.server";
import { eventSets } from "./event-sets.server";
import { experimentGroups } from "./experiment-groups.server";
import { analyticsRead } from "./read.server";
import { scopeOf } from "./scope.server";

/** The dashboard's statements one by one (what kpiReport runs in parallel), for the benchmark. */
export const KPI_QUERIES: Record<string, (shop: string, filters: KpiFilters) => Promise<unknown>> = {
  events: (shop, filters) => analyticsRead((tx) => eventSets(tx, scopeOf(shop, filters), filters)),
  "attribution, orders, pairs": (shop, filters) =>
    analyticsRead((tx) => attributionSets(tx, scopeOf(shop, filters), filters)),
  experiment: (shop, filters) => analyticsRead((tx) => experimentGroups(tx, scopeOf(shop, filters))),
  "email funnel": (shop, filters) => analyticsRead((tx) => emailFunnel(tx, scopeOf(shop, filters))),
};
