// Every KPI of the dashboard for one shop, range and filters: the four statements run in
// parallel, then rule names and product titles, then the figures are assembled.
import prisma from "../../db.server";
import { OFFER_KIND_LABELS, SURFACE_LABELS } from "../../offers/engine/labels";
import { experiment } from "../experiment";
import { cents, moneyFormatter } from "../format";
import type { KpiFilters } from "../kpi-query";
import { breakdown, dailySeries, eventCountsOf, kpis, lineCountsOf, orderKpis, sample } from "./assemble";
import { attributionSets, TOP_PAIRS } from "./attribution-sets.server";
import { emailFunnel } from "./email-funnel.server";
import { eventSets } from "./event-sets.server";
import { experimentGroups } from "./experiment-groups.server";
import { analyticsRead } from "./read.server";
import { scopeOf } from "./scope.server";
import type { KpiReport } from "./types";

/** Every KPI of the dashboard for one shop, range and filters. */
export async function kpiReport(
  shop: string,
  filters: KpiFilters,
  options: { pairLimit?: number } = {},
): Promise<KpiReport> {
  const scope = scopeOf(shop, filters);
  const [events, { lines, orders, pairs }, groups, email, shopRow, settings] = await Promise.all([
    analyticsRead((tx) => eventSets(tx, scope, filters)),
    analyticsRead((tx) => attributionSets(tx, scope, filters, options.pairLimit ?? TOP_PAIRS)),
    analyticsRead((tx) => experimentGroups(tx, scope)),
    analyticsRead((tx) => emailFunnel(tx, scope)),
    prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true } }),
    prisma.shopSettings.findUnique({ where: { shop }, select: { holdoutShare: true } }),
  ]);
  const currencyCode = shopRow?.currencyCode ?? "USD";

  const ruleIds = [
    ...new Set([...events, ...lines].filter((r) => r.dim === "rule" && r.key !== null).map((r) => r.key as string)),
  ];
  const productIds = [
    ...new Set(pairs.flatMap((p) => [p.anchor_id, p.product_id]).filter((id): id is string => id !== null)),
  ];
  const [rules, products] = await Promise.all([
    ruleIds.length
      ? prisma.rule.findMany({ where: { shop, id: { in: ruleIds } }, select: { id: true, name: true } })
      : [],
    productIds.length
      ? prisma.product.findMany({
          where: { shop, id: { in: productIds.map(BigInt) } },
          select: { id: true, title: true },
        })
      : [],
  ]);
  const ruleNames = new Map(rules.map((rule) => [rule.id, rule.name]));
  const titles = new Map(products.map((product) => [String(product.id), product.title]));

  const byHoldout = (holdout: boolean, unit: "visitor" | "order") =>
    groups.groups.find((g) => g.holdout === holdout && g.unit === unit);
  const treatmentVisitors = byHoldout(false, "visitor");
  const holdoutVisitors = byHoldout(true, "visitor");
  const result = experiment(
    {
      perVisitor: sample(treatmentVisitors),
      orderValue: sample(byHoldout(false, "order")),
      revenue: cents(treatmentVisitors?.total ?? 0),
    },
    {
      perVisitor: sample(holdoutVisitors),
      orderValue: sample(byHoldout(true, "order")),
      revenue: cents(holdoutVisitors?.total ?? 0),
    },
    moneyFormatter(currencyCode),
  );

  return {
    filters,
    currencyCode,
    totals: kpis(
      eventCountsOf(events.find((r) => r.dim === "total")),
      lineCountsOf(lines.find((r) => r.dim === "total")),
    ),
    orders: orderKpis(orders),
    bySurface: breakdown("surface", events, lines, (key) =>
      key === null ? "Unknown" : ((SURFACE_LABELS as Record<string, string>)[key] ?? key),
    ),
    byKind: breakdown("kind", events, lines, (key) =>
      key === null ? "Unknown" : ((OFFER_KIND_LABELS as Record<string, string>)[key] ?? key),
    ),
    byRule: breakdown("rule", events, lines, (key) =>
      key === null ? "Recommendations (no rule)" : (ruleNames.get(key) ?? `Deleted rule (${key})`),
    ),
    daily: dailySeries(filters, events, lines, orders),
    topPairs: pairs.map((pair) => ({
      anchorProductId: pair.anchor_id,
      anchorTitle: pair.anchor_id === null ? null : (titles.get(pair.anchor_id) ?? null),
      productId: pair.product_id,
      productTitle: titles.get(pair.product_id) ?? null,
      impressions: pair.impressions,
      clicks: pair.clicks,
      addToCarts: pair.add_to_carts,
      orders: pair.orders,
      units: pair.units,
      revenue: pair.revenue,
    })),
    experiment: { ...result, holdoutShare: settings?.holdoutShare ?? 0, ordersWithoutVisitor: groups.withoutVisitor },
    email: {
      sent: email.sent,
      opened: email.opens_tracked ? email.opened : null,
      clicked: email.clicks_tracked ? email.clicked : null,
      ordered: email.ordered,
      orders: email.orders,
      revenue: email.revenue,
    },
  };
}
