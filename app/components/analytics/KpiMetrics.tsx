// The analytics page's headline figures: revenue, the funnel's rates, order ratios, AOV, discounts.
import { InlineGrid } from "@shopify/polaris";
import { count, percent } from "../../analytics/format";
import type { KpiReport } from "../../analytics/kpis/types";
import { Metric } from "./Metric";

export function KpiMetrics({
  totals,
  orders,
  money,
}: {
  totals: KpiReport["totals"];
  orders: KpiReport["orders"];
  money: (n: number) => string;
}) {
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 3, lg: 4 }} gap="400">
      <Metric
        label="Revenue from offers"
        value={money(totals.revenue)}
        help={`${count(totals.units)} units in ${count(totals.orders)} orders`}
      />
      <Metric
        label="Impressions"
        value={count(totals.impressions)}
        help={`${count(totals.visitors)} visitors shown offers`}
      />
      <Metric
        label="Click-through rate"
        value={percent(totals.clickThroughRate)}
        help={`${count(totals.clicks)} clicks`}
      />
      <Metric
        label="Add-to-cart rate"
        value={percent(totals.addToCartRate)}
        help={`${count(totals.addToCarts)} added to cart`}
      />
      <Metric
        label="Conversion"
        value={percent(totals.conversionRate)}
        help={`${count(totals.convertingOrders)} orders with an offered item from ${count(totals.visitors)} visitors who saw it`}
      />
      <Metric
        label="Cross-sell ratio"
        value={percent(orders.crossSellRatio)}
        help={`${count(orders.crossSellOrders)} of ${count(orders.orders)} orders`}
      />
      <Metric
        label="Upsell ratio"
        value={percent(orders.upsellRatio)}
        help={`${count(orders.upsellOrders)} of ${count(orders.orders)} orders took an upgrade`}
      />
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
        help={
          totals.returnOnDiscount === null
            ? "No discount given on offered items"
            : `${totals.returnOnDiscount.toFixed(1)}× revenue per unit of discount`
        }
      />
    </InlineGrid>
  );
}
