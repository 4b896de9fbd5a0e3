// The report's figures from the statements' rows: rates, breakdowns, the daily series, order
// ratios and the experiment's samples (no database here).
import { cents, ratio } from "../format";
import { endOfRange, isoDay, startOfDay, type KpiFilters } from "../kpi-query";
import type { Sample } from "../stats";
import type { LineRow, OrderRow } from "./attribution-sets.server";
import type { EventRow } from "./event-sets.server";
import type { GroupRow } from "./experiment-groups.server";
import type { BreakdownRow, DailyPoint, EventCounts, Kpis, LineCounts, OrderKpis } from "./types";

const NO_EVENTS: EventCounts = { impressions: 0, clicks: 0, addToCarts: 0, dismissals: 0, visitors: 0 };
const NO_LINES: LineCounts = { orders: 0, convertingOrders: 0, units: 0, revenue: 0, discount: 0 };

export function kpis(events: EventCounts, lines: LineCounts): Kpis {
  return {
    ...events,
    ...lines,
    clickThroughRate: ratio(events.clicks, events.impressions),
    addToCartRate: ratio(events.addToCarts, events.impressions),
    conversionRate: ratio(lines.convertingOrders, events.visitors),
    returnOnDiscount: ratio(lines.revenue, lines.discount),
  };
}

export const eventCountsOf = (row: EventRow | undefined): EventCounts =>
  row
    ? {
        impressions: row.impressions,
        clicks: row.clicks,
        addToCarts: row.add_to_carts,
        dismissals: row.dismissals,
        visitors: row.visitors,
      }
    : NO_EVENTS;
export const lineCountsOf = (row: LineRow | undefined): LineCounts =>
  row
    ? {
        orders: row.orders,
        convertingOrders: row.converting_orders,
        units: row.units,
        revenue: row.revenue,
        discount: row.discount,
      }
    : NO_LINES;

export function breakdown(
  dim: "surface" | "kind" | "rule",
  events: EventRow[],
  lines: LineRow[],
  label: (key: string | null) => string,
): BreakdownRow[] {
  const keys = new Set<string | null>([
    ...events.filter((r) => r.dim === dim).map((r) => r.key),
    ...lines.filter((r) => r.dim === dim).map((r) => r.key),
  ]);
  return [...keys]
    .map((key) => ({
      key,
      label: label(key),
      ...kpis(
        eventCountsOf(events.find((r) => r.dim === dim && r.key === key)),
        lineCountsOf(lines.find((r) => r.dim === dim && r.key === key)),
      ),
    }))
    .sort(
      (a, b) => b.revenue - a.revenue || b.impressions - a.impressions || String(a.key).localeCompare(String(b.key)),
    );
}

/** A point per day of the range, empty days included. */
export function dailySeries(
  filters: KpiFilters,
  events: EventRow[],
  lines: LineRow[],
  orders: OrderRow[],
): DailyPoint[] {
  const days: DailyPoint[] = [];
  for (let t = startOfDay(filters.from).getTime(); t < endOfRange(filters).getTime(); t += 86_400_000) {
    const day = isoDay(new Date(t));
    const e = eventCountsOf(events.find((r) => r.dim === "day" && r.key === day));
    const l = lineCountsOf(lines.find((r) => r.dim === "day" && r.key === day));
    const o = orders.find((r) => r.dim === "day" && r.key === day);
    days.push({
      day,
      impressions: e.impressions,
      visitors: e.visitors,
      attributedOrders: l.orders,
      convertingOrders: l.convertingOrders,
      attributedRevenue: l.revenue,
      conversionRate: ratio(l.convertingOrders, e.visitors),
      orders: o?.orders ?? 0,
      revenue: o?.revenue ?? 0,
    });
  }
  return days;
}

/** The range's orders: cross-sell and upsell ratios, average order value with and without an offer. */
export function orderKpis(orders: OrderRow[]): OrderKpis {
  const totalOrders = orders.find((r) => r.dim === "total");
  const orderCount = totalOrders?.orders ?? 0;
  const withOffer = totalOrders?.with_offer ?? 0;
  const withoutOffer = orderCount - withOffer;
  const withValue = totalOrders?.with_offer_value ?? 0;
  const allValue = totalOrders?.revenue ?? 0;
  return {
    orders: orderCount,
    revenue: allValue,
    crossSellOrders: totalOrders?.cross_sell ?? 0,
    upsellOrders: totalOrders?.upsell ?? 0,
    crossSellRatio: ratio(totalOrders?.cross_sell ?? 0, orderCount),
    upsellRatio: ratio(totalOrders?.upsell ?? 0, orderCount),
    withOffer: { orders: withOffer, averageOrderValue: withOffer > 0 ? cents(withValue / withOffer) : null },
    withoutOffer: {
      orders: withoutOffer,
      averageOrderValue: withoutOffer > 0 ? cents((allValue - withValue) / withoutOffer) : null,
    },
  };
}

export function sample(row: GroupRow | undefined): Sample {
  return row ? { n: row.n, mean: row.mean ?? 0, variance: row.variance ?? 0 } : { n: 0, mean: 0, variance: 0 };
}
