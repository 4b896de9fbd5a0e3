// The shapes of the analytics dashboard's report and export (issue #7; definitions in docs/kpis.md),
// shared by the queries, the page and the CSV.
import type { Experiment } from "../experiment";
import type { KpiFilters } from "../kpi-query";

export interface EventCounts {
  impressions: number;
  clicks: number;
  addToCarts: number;
  dismissals: number;
  /** Distinct visitors with an impression. */
  visitors: number;
}

export interface LineCounts {
  /** Orders with at least one attributed line. */
  orders: number;
  /** Of those, orders whose visitor was shown that offer in the range (conversion's numerator). */
  convertingOrders: number;
  units: number;
  revenue: number;
  discount: number;
}

export interface Kpis extends EventCounts, LineCounts {
  clickThroughRate: number | null;
  addToCartRate: number | null;
  conversionRate: number | null;
  /** Attributed revenue per unit of discount given on offered items. */
  returnOnDiscount: number | null;
}

export interface BreakdownRow extends Kpis {
  /** A surface, an offer kind, a rule id; null: no rule (recommendations) or not known. */
  key: string | null;
  label: string;
}

export interface OrderKpis {
  orders: number;
  revenue: number;
  crossSellOrders: number;
  upsellOrders: number;
  crossSellRatio: number | null;
  upsellRatio: number | null;
  withOffer: { orders: number; averageOrderValue: number | null };
  withoutOffer: { orders: number; averageOrderValue: number | null };
}

export interface DailyPoint {
  day: string;
  impressions: number;
  visitors: number;
  attributedOrders: number;
  convertingOrders: number;
  attributedRevenue: number;
  conversionRate: number | null;
  orders: number;
  revenue: number;
}

export interface PairRow {
  anchorProductId: string | null;
  anchorTitle: string | null;
  productId: string;
  productTitle: string | null;
  impressions: number;
  clicks: number;
  addToCarts: number;
  orders: number;
  units: number;
  revenue: number;
}

export interface EmailFunnel {
  sent: number;
  /** null: opens are not tracked for this shop (no email has an open recorded). */
  opened: number | null;
  clicked: number | null;
  /** Emails followed by an order of an offered product within the window. */
  ordered: number;
  orders: number;
  revenue: number;
}

export interface ExperimentReport extends Experiment {
  holdoutShare: number;
  /** Orders in the range without a visitor id: they cannot be assigned to a group. */
  ordersWithoutVisitor: number;
}

export interface KpiReport {
  filters: KpiFilters;
  currencyCode: string;
  totals: Kpis;
  orders: OrderKpis;
  bySurface: BreakdownRow[];
  byKind: BreakdownRow[];
  byRule: BreakdownRow[];
  daily: DailyPoint[];
  topPairs: PairRow[];
  experiment: ExperimentReport;
  email: EmailFunnel;
}

export interface AttributedLine {
  orderId: string;
  orderName: string;
  processedAt: string;
  lineId: string;
  productId: string | null;
  productTitle: string | null;
  offerId: string | null;
  surface: string | null;
  kind: string | null;
  ruleId: string | null;
  ruleName: string | null;
  anchorProductId: string | null;
  /** "line_property": the line carried the offer; "email_match": credited to a post-purchase email. */
  source: "line_property" | "email_match";
  exposed: boolean;
  units: number;
  revenue: number;
  discount: number;
}
