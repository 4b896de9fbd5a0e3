// Polaris Viz's line chart for the analytics trends. Rendered in the browser only, after hydration
// (it measures its container), and loaded lazily by TrendChart.tsx.
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";

export interface TrendSeries {
  name: string;
  data: { key: string; value: number | null }[];
}

export default function TrendLineChart({
  series,
  format,
  formatDay,
}: {
  series: TrendSeries[];
  format: (value: number) => string;
  formatDay: (day: string) => string;
}) {
  return (
    <PolarisVizProvider>
      <LineChart
        data={series}
        xAxisOptions={{ labelFormatter: (value) => formatDay(String(value)) }}
        yAxisOptions={{ labelFormatter: (value) => format(Number(value)) }}
        tooltipOptions={{
          valueFormatter: (value) => (value === null || value === undefined ? "—" : format(Number(value))),
        }}
        emptyStateText="No data in this range"
      />
    </PolarisVizProvider>
  );
}
