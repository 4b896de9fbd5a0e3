// Analytics (issue #7): what the offers earn over a date range, by surface, offer kind and rule —
// impressions to orders, attributed revenue, cross-sell and upsell ratios, AOV with and without an
// offer, discounts, the post-purchase email funnel, trends, top rules and pairs, and the holdout
// experiment with its confidence interval. Numbers from app/analytics/kpis.server.ts; definitions in
// docs/kpis.md. CSV export: app.analytics.export.tsx.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  DataTable,
  DatePicker,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Popover,
  Select,
  Text,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { lazy, Suspense, useMemo, useState, type ReactNode } from "react";
import { cents, moneyFormatter, percent } from "../analytics/format";
import { defaultRange, isoDay, kpiSearchParams, NO_RULE, parseKpiQuery, type KpiFilters, type Report } from "../analytics/kpi-query";
import { useHydrated } from "../components/LocalTime";
import { AdminPage } from "../components/PendingPage";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { useToast } from "../components/Toast";
import type { TrendSeries } from "../components/analytics/TrendLineChart";
import { shopifyGlobal, useAdminContext } from "../components/admin-context";
import prisma from "../db.server";
import { kpiReport, type BreakdownRow, type KpiReport } from "../analytics/kpis.server";
import { OFFER_KIND_LABELS, SURFACE_LABELS } from "../offers/engine/labels";
import { OFFER_KINDS, SURFACES } from "../offers/engine/types";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

// The charting code (Polaris Viz, d3, react-spring: ~110 KB gzipped) is fetched after hydration,
// by browsers that show this page only; the page's own script stays small.
const TrendLineChart = lazy(() => import("../components/analytics/TrendLineChart"));

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const now = new Date();
  const parsed = parseKpiQuery(new URL(request.url).searchParams, now);
  const filters: KpiFilters = parsed.ok ? parsed.filters : defaultRange(now);
  const [report, rules] = await Promise.all([
    kpiReport(shop, filters),
    prisma.rule.findMany({ where: { shop }, select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 500 }),
  ]);
  return { report, rules, error: parsed.ok ? null : parsed.error, today: isoDay(now) };
};

const EXPORTS: { report: Report; label: string }[] = [
  { report: "summary", label: "Summary" },
  { report: "daily", label: "Daily trend" },
  { report: "breakdown", label: "By surface, kind and rule" },
  { report: "pairs", label: "Pairs" },
  { report: "lines", label: "Attributed order lines" },
];

const count = (n: number) => n.toLocaleString("en");

// The date picker works in the browser's local dates; the range is whole days (UTC on the server).
const localDate = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
};
const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
const shortDay = (day: string) => localDate(day).toLocaleDateString("en", { month: "short", day: "numeric" });
const longDay = (day: string) => localDate(day).toLocaleDateString("en", { month: "short", day: "numeric", year: "numeric" });

function DateRange({ filters, today, onApply }: { filters: KpiFilters; today: string; onApply: (range: { from: string; to: string }) => void }) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState({ start: localDate(filters.from), end: localDate(filters.to) });
  const [view, setView] = useState({ month: localDate(filters.to).getMonth(), year: localDate(filters.to).getFullYear() });
  const preset = (days: number) => onApply(defaultRange(new Date(`${today}T12:00:00Z`), days));
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        preferredAlignment="left"
        activator={
          <Button disclosure onClick={() => setOpen((value) => !value)} accessibilityLabel="Date range">
            {`${longDay(filters.from)} – ${longDay(filters.to)}`}
          </Button>
        }
      >
        <Box padding="400" maxWidth="600px">
          <BlockStack gap="300">
            <DatePicker
              month={view.month}
              year={view.year}
              onMonthChange={(month, year) => setView({ month, year })}
              selected={selected}
              onChange={setSelected}
              allowRange
              multiMonth
              disableDatesAfter={localDate(today)}
            />
            <InlineStack align="end" gap="200">
              <Button onClick={() => setOpen(false)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setOpen(false);
                  onApply({ from: localDay(selected.start), to: localDay(selected.end ?? selected.start) });
                }}
              >
                Apply
              </Button>
            </InlineStack>
          </BlockStack>
        </Box>
      </Popover>
      <ButtonGroup variant="segmented">
        <Button onClick={() => preset(7)}>7 days</Button>
        <Button onClick={() => preset(30)}>30 days</Button>
        <Button onClick={() => preset(90)}>90 days</Button>
      </ButtonGroup>
    </InlineStack>
  );
}

/** A card holding a table edge to edge, under its heading (and a line of explanation). */
function TableCard({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {description ? (
            <Text as="p" tone="subdued" variant="bodySm">
              {description}
            </Text>
          ) : null}
        </BlockStack>
      </Box>
      {children}
    </Card>
  );
}

function Metric({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** Charts measure the browser's layout: rendered after hydration, a same-size placeholder before. */
function TrendChart({ title, series, format }: { title: string; series: TrendSeries[]; format: (value: number) => string }) {
  const hydrated = useHydrated();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <div style={{ height: 260 }} aria-label={title} role="img">
          {hydrated ? (
            <Suspense fallback={null}>
              <TrendLineChart series={series} format={format} formatDay={shortDay} />
            </Suspense>
          ) : null}
        </div>
      </BlockStack>
    </Card>
  );
}

function BreakdownTable({ rows, money, first, onPick }: { rows: BreakdownRow[]; money: (n: number) => string; first: string; onPick?: (key: string | null) => void }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
      headings={[first, "Impressions", "Click-through", "Add-to-cart", "Conversion", "Orders", "Units", "Revenue"]}
      rows={rows.map((row) => [
        onPick ? (
          <Button key={String(row.key)} variant="plain" onClick={() => onPick(row.key)}>
            {row.label}
          </Button>
        ) : (
          row.label
        ),
        count(row.impressions),
        percent(row.clickThroughRate),
        percent(row.addToCartRate),
        percent(row.conversionRate),
        count(row.orders),
        count(row.units),
        money(row.revenue),
      ])}
    />
  );
}

function Experiment({ experiment, money }: { experiment: KpiReport["experiment"]; money: (n: number) => string }) {
  const rpv = experiment.revenuePerVisitor;
  const aov = experiment.averageOrderValue;
  const signed = (n: number) => `${n >= 0 ? "+" : "−"}${money(Math.abs(n))}`;
  const difference = (result: typeof rpv, none: string) =>
    result ? `${signed(result.difference)} (95% CI ${money(result.low)} to ${money(result.high)}; p = ${result.pValue.toPrecision(2)})` : none;
  const tone = experiment.significant ? (rpv && rpv.difference > 0 ? "success" : "warning") : "info";
  const row = (label: string, group: KpiReport["experiment"]["treatment"]) => [
    label,
    count(group.visitors),
    count(group.orders),
    money(group.revenue),
    money(cents(group.revenuePerVisitor)),
    group.averageOrderValue === null ? "—" : money(cents(group.averageOrderValue)),
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Experiment: offers against the holdout group
        </Text>
        <Banner tone={tone}>
          <p>{experiment.sentence}</p>
        </Banner>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Group", "Visitors", "Orders", "Revenue", "Revenue per visitor", "Average order value"]}
          rows={[row("Shown offers", experiment.treatment), row("Holdout (no offers)", experiment.holdout)]}
        />
        <BlockStack gap="100">
          <Text as="p">Difference in revenue per visitor: {difference(rpv, "not enough data yet")}</Text>
          <Text as="p">Difference in average order value: {difference(aov, "not enough orders in both groups yet")}</Text>
          {experiment.lift !== null ? <Text as="p">Relative lift in revenue per visitor: {percent(experiment.lift)}</Text> : null}
          <Text as="p" tone="subdued" variant="bodySm">
            Holdout share: {percent(experiment.holdoutShare, 0)} of visitors (Settings). Welch&apos;s t interval on per-visitor revenue over the range; a visitor is
            counted once, with every counted order of the range. {count(experiment.ordersWithoutVisitor)} orders of the range carry no visitor id and are in
            neither group.
          </Text>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

export default function Analytics() {
  const { report, rules, error, today } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { embedded } = useAdminContext();
  const toast = useToast();
  const money = useMemo(() => moneyFormatter(report.currencyCode), [report.currencyCode]);
  const { filters, totals, orders, email, daily } = report;

  const apply = (changes: Partial<KpiFilters>) => {
    const next = { ...filters, ...changes };
    navigate(`?${kpiSearchParams(next).toString()}`, { preventScrollReset: true });
  };

  const download = async (kind: Report) => {
    const path = `/app/analytics/export?${kpiSearchParams(filters, { report: kind }).toString()}`;
    try {
      // Inside Shopify admin the request carries App Bridge's session token, like every admin fetch.
      const shopify = shopifyGlobal(embedded);
      const token = shopify ? await shopify.idToken() : null;
      const response = await fetch(path, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
      if (!response.ok) throw new Error(`${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `pairwise-${kind}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      toast.show(`Export failed (${(failure as Error).message})`, { isError: true });
    }
  };

  const revenueSeries = [
    { name: "Revenue from offers", data: daily.map((d) => ({ key: d.day, value: d.attributedRevenue })) },
    { name: "All orders", data: daily.map((d) => ({ key: d.day, value: d.revenue })) },
  ];
  const conversionSeries = [{ name: "Conversion", data: daily.map((d) => ({ key: d.day, value: d.conversionRate === null ? null : d.conversionRate * 100 })) }];

  return (
    <AdminPage>
      <Page
        title="Analytics"
        subtitle="What the offers earn: from impressions to orders, and against the holdout group."
        actionGroups={[{ title: "Export CSV", actions: EXPORTS.map((item) => ({ content: item.label, onAction: () => void download(item.report) })) }]}
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
            <Card>
              <InlineStack gap="400" blockAlign="end" wrap>
                <DateRange key={`${filters.from}:${filters.to}`} filters={filters} today={today} onApply={apply} />
                <Select
                  label="Surface"
                  options={[{ label: "All surfaces", value: "" }, ...SURFACES.map((value) => ({ label: SURFACE_LABELS[value], value }))]}
                  value={filters.surface ?? ""}
                  onChange={(value) => apply({ surface: (value || undefined) as KpiFilters["surface"] })}
                />
                <Select
                  label="Offer kind"
                  options={[{ label: "All kinds", value: "" }, ...OFFER_KINDS.map((value) => ({ label: OFFER_KIND_LABELS[value], value }))]}
                  value={filters.kind ?? ""}
                  onChange={(value) => apply({ kind: (value || undefined) as KpiFilters["kind"] })}
                />
                <Select
                  label="Rule"
                  options={[
                    { label: "All rules and recommendations", value: "" },
                    { label: "Recommendations (no rule)", value: NO_RULE },
                    ...rules.map((rule) => ({ label: rule.name, value: rule.id })),
                  ]}
                  value={filters.rule ?? ""}
                  onChange={(value) => apply({ rule: value || undefined })}
                />
              </InlineStack>
            </Card>
          </Layout.Section>

          <Layout.Section>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 3, lg: 4 }} gap="400">
              <Metric label="Revenue from offers" value={money(totals.revenue)} help={`${count(totals.units)} units in ${count(totals.orders)} orders`} />
              <Metric label="Impressions" value={count(totals.impressions)} help={`${count(totals.visitors)} visitors shown offers`} />
              <Metric label="Click-through rate" value={percent(totals.clickThroughRate)} help={`${count(totals.clicks)} clicks`} />
              <Metric label="Add-to-cart rate" value={percent(totals.addToCartRate)} help={`${count(totals.addToCarts)} added to cart`} />
              <Metric
                label="Conversion"
                value={percent(totals.conversionRate)}
                help={`${count(totals.convertingOrders)} orders with an offered item from ${count(totals.visitors)} visitors who saw it`}
              />
              <Metric label="Cross-sell ratio" value={percent(orders.crossSellRatio)} help={`${count(orders.crossSellOrders)} of ${count(orders.orders)} orders`} />
              <Metric label="Upsell ratio" value={percent(orders.upsellRatio)} help={`${count(orders.upsellOrders)} of ${count(orders.orders)} orders took an upgrade`} />
              <Metric
                label="Average order value"
                value={`${orders.withOffer.averageOrderValue === null ? "—" : money(orders.withOffer.averageOrderValue)} vs ${
                  orders.withoutOffer.averageOrderValue === null ? "—" : money(orders.withoutOffer.averageOrderValue)
                }`}
                help={`with an accepted offer (${count(orders.withOffer.orders)}) vs without (${count(orders.withoutOffer.orders)})`}
              />
              <Metric
                label="Discounts on offers"
                value={money(totals.discount)}
                help={totals.returnOnDiscount === null ? "No discount given on offered items" : `${totals.returnOnDiscount.toFixed(1)}× revenue per unit of discount`}
              />
            </InlineGrid>
          </Layout.Section>

          <Layout.Section variant="oneHalf">
            <TrendChart title="Revenue per day" series={revenueSeries} format={(value) => money(value)} />
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <TrendChart title="Conversion per day" series={conversionSeries} format={(value) => `${value.toFixed(1)}%`} />
          </Layout.Section>

          <Layout.Section>
            <Experiment experiment={report.experiment} money={money} />
          </Layout.Section>

          <Layout.Section>
            <TableCard title="Top rules">
            <BreakdownTable rows={report.byRule.slice(0, 10)} money={money} first="Rule" onPick={(key) => apply({ rule: key ?? NO_RULE })} />
            </TableCard>
          </Layout.Section>

          <Layout.Section>
            <TableCard title="Top pairs">
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
              headings={["Shown with", "Offered", "Impressions", "Clicks", "Added to cart", "Orders", "Units", "Revenue"]}
              rows={report.topPairs.map((pair) => [
                pair.anchorProductId === null ? "Cart, checkout or email" : (pair.anchorTitle ?? `Product ${pair.anchorProductId}`),
                pair.productTitle ?? `Product ${pair.productId}`,
                count(pair.impressions),
                count(pair.clicks),
                count(pair.addToCarts),
                count(pair.orders),
                count(pair.units),
                money(pair.revenue),
              ])}
            />
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
            <DataTable
              columnContentTypes={["text", "numeric", "numeric"]}
              headings={["Step", "Emails", "Of sent"]}
              rows={[
                ["Sent", count(email.sent), percent(email.sent > 0 ? 1 : null, 0)],
                ["Opened", email.opened === null ? "not tracked" : count(email.opened), email.opened === null || email.sent === 0 ? "—" : percent(email.opened / email.sent)],
                ["Clicked", email.clicked === null ? "not tracked" : count(email.clicked), email.clicked === null || email.sent === 0 ? "—" : percent(email.clicked / email.sent)],
                ["Ordered", count(email.ordered), email.sent === 0 ? "—" : percent(email.ordered / email.sent)],
              ]}
              footerContent={`${count(email.orders)} orders, ${money(email.revenue)} from offered products`}
            />
            </TableCard>
          </Layout.Section>

          <Layout.Section>
            <Box paddingBlockEnd="800">
              <Text as="p" tone="subdued" variant="bodySm">
                Days are UTC days. Orders count once, while not test, cancelled, deleted or fully refunded; refunded units are taken off. An order line
                is credited to the offer whose id it carries (storefront widgets and checkout), or to a post-purchase email of its customer within 14
                days. Definitions: docs/kpis.md.
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
