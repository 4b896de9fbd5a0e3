// A daily trend in a card. The charting code (Polaris Viz, d3, react-spring: ~110 KB gzipped) is
// fetched after hydration, by browsers that show the analytics page only; its own script stays small.
import { BlockStack, Card, Text } from "@shopify/polaris";
import { lazy, Suspense } from "react";
import { useHydrated } from "../LocalTime";
import { shortDay } from "./local-days";
import type { TrendSeries } from "./TrendLineChart";

const TrendLineChart = lazy(() => import("./TrendLineChart"));

/** Charts measure the browser's layout: rendered after hydration, a same-size placeholder before. */
export function TrendChart({
  title,
  series,
  format,
}: {
  title: string;
  series: TrendSeries[];
  format: (value: number) => string;
}) {
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
