// KPIs by surface, offer kind or rule, a row each; rows can set the page's filter.
import { Button, DataTable } from "@shopify/polaris";
import { count, percent } from "../../analytics/format";
import type { BreakdownRow } from "../../analytics/kpis/types";

export function BreakdownTable({
  rows,
  money,
  first,
  onPick,
}: {
  rows: BreakdownRow[];
  money: (n: number) => string;
  first: string;
  onPick?: (key: string | null) => void;
}) {
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
