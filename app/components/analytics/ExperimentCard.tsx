// The holdout experiment: the two groups side by side, the difference with its confidence interval.
import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { cents, count, percent } from "../../analytics/format";
import type { KpiReport } from "../../analytics/kpis/types";

export function ExperimentCard({
  experiment,
  money,
}: {
  experiment: KpiReport["experiment"];
  money: (n: number) => string;
}) {
  const rpv = experiment.revenuePerVisitor;
  const aov = experiment.averageOrderValue;
  const signed = (n: number) => `${n >= 0 ? "+" : "−"}${money(Math.abs(n))}`;
  const difference = (result: typeof rpv, none: string) =>
    result
      ? `${signed(result.difference)} (95% CI ${money(result.low)} to ${money(result.high)}; p = ${result.pValue.toPrecision(2)})`
      : none;
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
          <Text as="p">
            Difference in average order value: {difference(aov, "not enough orders in both groups yet")}
          </Text>
          {experiment.lift !== null ? (
            <Text as="p">Relative lift in revenue per visitor: {percent(experiment.lift)}</Text>
          ) : null}
          <Text as="p" tone="subdued" variant="bodySm">
            Holdout share: {percent(experiment.holdoutShare, 0)} of visitors (Settings). Welch&apos;s t interval on
            per-visitor revenue over the range; a visitor is counted once, with every counted order of the range.{" "}
            {count(experiment.ordersWithoutVisitor)} orders of the range carry no visitor id and are in neither group.
          </Text>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
