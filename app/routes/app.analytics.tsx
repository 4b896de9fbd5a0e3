// Analytics (issue #7): what the offers earn over a date range, by surface, offer kind and rule, with
// the email funnel, trends and the holdout experiment. Numbers from app/analytics/kpis.server.ts;
// definitions in docs/kpis.md; the page's parts in app/components/analytics. CSV export:
// app.analytics.export.tsx.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, Box, Layout, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useMemo } from "react";
import { moneyFormatter } from "../analytics/format";
import {
  defaultRange,
  isoDay,
  kpiSearchParams,
  NO_RULE,
  parseKpiQuery,
  type KpiFilters,
  type Report,
} from "../analytics/kpi-query";
import { kpiReport } from "../analytics/kpis.server";
import { ruleFilterOptions } from "../analytics/rule-filter.server";
import { BreakdownTable } from "../components/analytics/BreakdownTable";
import { EmailFunnelTable } from "../components/analytics/EmailFunnelTable";
import { ExperimentCard } from "../components/analytics/ExperimentCard";
import { KpiFiltersCard } from "../components/analytics/KpiFiltersCard";
import { KpiMetrics } from "../components/analytics/KpiMetrics";
import { TableCard } from "../components/analytics/TableCard";
import { TopPairsTable } from "../components/analytics/TopPairsTable";
import { TrendChart } from "../components/analytics/TrendChart";
import { useCsvDownload } from "../components/analytics/useCsvDownload";
import { AdminPage } from "../components/PendingPage";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { useToast } from "../components/Toast";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const now = new Date();
  const parsed = parseKpiQuery(new URL(request.url).searchParams, now);
  const filters: KpiFilters = parsed.ok ? parsed.filters : defaultRange(now);
  const [report, rules] = await Promise.all([kpiReport(shop, filters), ruleFilterOptions(shop)]);
  return { report, rules, error: parsed.ok ? null : parsed.error, today: isoDay(now) };
};

const EXPORTS: { report: Report; label: string }[] = [
  { report: "summary", label: "Summary" },
  { report: "daily", label: "Daily trend" },
  { report: "breakdown", label: "By surface, kind and rule" },
  { report: "pairs", label: "Pairs" },
  { report: "lines", label: "Attributed order lines" },
];

export default function Analytics() {
  const { report, rules, error, today } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const toast = useToast();
  const money = useMemo(() => moneyFormatter(report.currencyCode), [report.currencyCode]);
  const { filters, totals, orders, email, daily } = report;

  const apply = (changes: Partial<KpiFilters>) => {
    const next = { ...filters, ...changes };
    navigate(`?${kpiSearchParams(next).toString()}`, { preventScrollReset: true });
  };
  const download = useCsvDownload(filters, toast);

  const revenueSeries = [
    { name: "Revenue from offers", data: daily.map((d) => ({ key: d.day, value: d.attributedRevenue })) },
    { name: "All orders", data: daily.map((d) => ({ key: d.day, value: d.revenue })) },
  ];
  const conversionSeries = [
    {
      name: "Conversion",
      data: daily.map((d) => ({ key: d.day, value: d.conversionRate === null ? null : d.conversionRate * 100 })),
    },
  ];

  return (
    <AdminPage>
      <Page
        title="Analytics"
        subtitle="What the offers earn: from impressions to orders, and against the holdout group."
        actionGroups={[
          {
            title: "Export CSV",
            actions: EXPORTS.map((item) => ({ content: item.label, onAction: () => void download(item.report) })),
          },
        ]}
      >
        <Layout>
          {error ? (
            <Layout.Section>
              <Banner tone="warning" title="Some filters were not understood">
                <p>{error}. Showing the last 30 days instead.</p>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <KpiFiltersCard filters={filters} rules={rules} today={today} onApply={apply} />
          </Layout.Section>

          <Layout.Section>
            <KpiMetrics totals={totals} orders={orders} money={money} />
          </Layout.Section>

          <Layout.Section variant="oneHalf">
            <TrendChart title="Revenue per day" series={revenueSeries} format={(value) => money(value)} />
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <TrendChart
              title="Conversion per day"
              series={conversionSeries}
              format={(value) => `${value.toFixed(1)}%`}
            />
          </Layout.Section>

          <Layout.Section>
            <ExperimentCard experiment={report.experiment} money={money} />
          </Layout.Section>

          <Layout.Section>
            <TableCard title="Top rules">
              <BreakdownTable
                rows={report.byRule.slice(0, 10)}
                money={money}
                first="Rule"
                onPick={(key) => apply({ rule: key ?? NO_RULE })}
              />
            </TableCard>
          </Layout.Section>

          <Layout.Section>
            <TableCard title="Top pairs">
              <TopPairsTable pairs={report.topPairs} money={money} />
            </TableCard>
          </Layout.Section>

          <Layout.Section>
            <TableCard title="By surface">
              <BreakdownTable rows={report.bySurface} money={money} first="Surface" />
            </TableCard>
          </Layout.Section>
          <Layout.Section>
            <TableCard title="By offer kind">
              <BreakdownTable rows={report.byKind} money={money} first="Kind" />
            </TableCard>
          </Layout.Section>

          <Layout.Section>
            <TableCard
              title="Post-purchase emails"
              description="Emails sent in the range; an email counts as ordered when its customer bought one of its products within 14 days."
            >
              <EmailFunnelTable email={email} money={money} />
            </TableCard>
          </Layout.Section>

          <Layout.Section>
            <Box paddingBlockEnd="800">
              <Text as="p" tone="subdued" variant="bodySm">
                Days are UTC days. Orders count once, while not test, cancelled, deleted or fully refunded; refunded
                units are taken off. An order line is credited to the offer whose id it carries (storefront widgets and
                checkout), or to a post-purchase email of its customer within 14 days. Definitions: docs/kpis.md.
              </Text>
            </Box>
          </Layout.Section>
        </Layout>
        {toast.markup}
      </Page>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Analytics" />;
}
