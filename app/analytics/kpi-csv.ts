// The analytics CSV exports (app/routes/app.analytics.export.tsx): one table per report, plain
// column names, rates as fractions, money in the shop's currency with two decimals. Pure.
import type { AttributedLine, BreakdownRow, KpiReport } from "./kpis.server";
import { toCsv, type CsvCell } from "./csv";
import { NO_RULE, type Report } from "./kpi-query";

const rate = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6);

export function summaryCsv(report: KpiReport): string {
  const { filters, totals, orders, experiment, email } = report;
  const rpv = experiment.revenuePerVisitor;
  const aov = experiment.averageOrderValue;
  const rows: [string, CsvCell][] = [
    ["from", filters.from],
    ["to", filters.to],
    ["surface", filters.surface ?? "all"],
    ["offer_kind", filters.kind ?? "all"],
    ["rule", filters.rule === NO_RULE ? "none (recommendations)" : (filters.rule ?? "all")],
    ["currency", report.currencyCode],
    ["impressions", totals.impressions],
    ["clicks", totals.clicks],
    ["add_to_carts", totals.addToCarts],
    ["dismissals", totals.dismissals],
    ["visitors_shown_offers", totals.visitors],
    ["click_through_rate", rate(totals.clickThroughRate)],
    ["add_to_cart_rate", rate(totals.addToCartRate)],
    ["orders_with_offered_item", totals.orders],
    ["converting_orders", totals.convertingOrders],
    ["conversion_rate", rate(totals.conversionRate)],
    ["attributed_revenue", totals.revenue],
    ["attributed_units", totals.units],
    ["discount_on_offered_items", totals.discount],
    ["revenue_per_discount", rate(totals.returnOnDiscount)],
    ["orders", orders.orders],
    ["order_revenue", orders.revenue],
    ["cross_sell_orders", orders.crossSellOrders],
    ["cross_sell_ratio", rate(orders.crossSellRatio)],
    ["upsell_orders", orders.upsellOrders],
    ["upsell_ratio", rate(orders.upsellRatio)],
    ["orders_with_accepted_offer", orders.withOffer.orders],
    ["aov_with_accepted_offer", orders.withOffer.averageOrderValue],
    ["orders_without_accepted_offer", orders.withoutOffer.orders],
    ["aov_without_accepted_offer", orders.withoutOffer.averageOrderValue],
    ["holdout_share", experiment.holdoutShare],
    ["treatment_visitors", experiment.treatment.visitors],
    ["treatment_orders", experiment.treatment.orders],
    ["treatment_revenue", experiment.treatment.revenue],
    ["treatment_revenue_per_visitor", rate(experiment.treatment.revenuePerVisitor)],
    ["treatment_aov", rate(experiment.treatment.averageOrderValue)],
    ["holdout_visitors", experiment.holdout.visitors],
    ["holdout_orders", experiment.holdout.orders],
    ["holdout_revenue", experiment.holdout.revenue],
    ["holdout_revenue_per_visitor", rate(experiment.holdout.revenuePerVisitor)],
    ["holdout_aov", rate(experiment.holdout.averageOrderValue)],
    ["revenue_per_visitor_difference", rate(rpv?.difference ?? null)],
    ["revenue_per_visitor_ci95_low", rate(rpv?.low ?? null)],
    ["revenue_per_visitor_ci95_high", rate(rpv?.high ?? null)],
    ["revenue_per_visitor_p_value", rate(rpv?.pValue ?? null)],
    ["revenue_per_visitor_welch_df", rate(rpv?.df ?? null)],
    ["aov_difference", rate(aov?.difference ?? null)],
    ["aov_ci95_low", rate(aov?.low ?? null)],
    ["aov_ci95_high", rate(aov?.high ?? null)],
    ["relative_lift_revenue_per_visitor", rate(experiment.lift)],
    ["significant_at_95", experiment.significant],
    ["experiment_verdict", experiment.sentence],
    ["orders_without_visitor_id", experiment.ordersWithoutVisitor],
    ["emails_sent", email.sent],
    ["emails_opened", email.opened ?? "not tracked"],
    ["emails_clicked", email.clicked ?? "not tracked"],
    ["emails_ordered", email.ordered],
    ["email_orders", email.orders],
    ["email_revenue", email.revenue],
  ];
  return toCsv(["metric", "value"], rows);
}

export function dailyCsv(report: KpiReport): string {
  return toCsv(
    [
      "day",
      "impressions",
      "visitors_shown_offers",
      "orders_with_offered_item",
      "converting_orders",
      "conversion_rate",
      "attributed_revenue",
      "orders",
      "order_revenue",
    ],
    report.daily.map((d) => [
      d.day,
      d.impressions,
      d.visitors,
      d.attributedOrders,
      d.convertingOrders,
      rate(d.conversionRate),
      d.attributedRevenue,
      d.orders,
      d.revenue,
    ]),
  );
}

export function breakdownCsv(report: KpiReport): string {
  const rows = (dimension: string, list: BreakdownRow[]) =>
    list.map((r): CsvCell[] => [
      dimension,
      r.key ?? "",
      r.label,
      r.impressions,
      r.clicks,
      r.addToCarts,
      r.dismissals,
      r.visitors,
      rate(r.clickThroughRate),
      rate(r.addToCartRate),
      r.orders,
      r.convertingOrders,
      rate(r.conversionRate),
      r.units,
      r.revenue,
      r.discount,
    ]);
  return toCsv(
    [
      "dimension",
      "key",
      "label",
      "impressions",
      "clicks",
      "add_to_carts",
      "dismissals",
      "visitors_shown_offers",
      "click_through_rate",
      "add_to_cart_rate",
      "orders_with_offered_item",
      "converting_orders",
      "conversion_rate",
      "units",
      "revenue",
      "discount",
    ],
    [...rows("surface", report.bySurface), ...rows("offer_kind", report.byKind), ...rows("rule", report.byRule)],
  );
}

export function pairsCsv(report: KpiReport): string {
  return toCsv(
    [
      "anchor_product_id",
      "anchor_product",
      "offered_product_id",
      "offered_product",
      "impressions",
      "clicks",
      "add_to_carts",
      "orders",
      "units",
      "revenue",
    ],
    report.topPairs.map((p) => [
      p.anchorProductId,
      p.anchorTitle,
      p.productId,
      p.productTitle,
      p.impressions,
      p.clicks,
      p.addToCarts,
      p.orders,
      p.units,
      p.revenue,
    ]),
  );
}

export function linesCsv(lines: readonly AttributedLine[]): string {
  return toCsv(
    [
      "order_id",
      "order",
      "processed_at",
      "line_id",
      "product_id",
      "product",
      "offer_id",
      "surface",
      "offer_kind",
      "rule_id",
      "rule",
      "anchor_product_id",
      "attribution",
      "visitor_was_shown_offer",
      "units",
      "revenue",
      "discount",
    ],
    lines.map((l) => [
      l.orderId,
      l.orderName,
      l.processedAt,
      l.lineId,
      l.productId,
      l.productTitle,
      l.offerId,
      l.surface,
      l.kind,
      l.ruleId,
      l.ruleName,
      l.anchorProductId,
      l.source,
      l.exposed,
      l.units,
      l.revenue,
      l.discount,
    ]),
  );
}

export function reportCsv(report: Exclude<Report, "lines">, data: KpiReport): string {
  switch (report) {
    case "summary":
      return summaryCsv(data);
    case "daily":
      return dailyCsv(data);
    case "breakdown":
      return breakdownCsv(data);
    case "pairs":
      return pairsCsv(data);
  }
}
