// The best-earning pairs: the product an offer was shown with, the product offered, and their funnel.
import { DataTable } from "@shopify/polaris";
import { count } from "../../analytics/format";
import type { PairRow } from "../../analytics/kpis/types";

export function TopPairsTable({ pairs, money }: { pairs: PairRow[]; money: (n: number) => string }) {
  return (
    <DataTable
      columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
      headings={["Shown with", "Offered", "Impressions", "Clicks", "Added to cart", "Orders", "Units", "Revenue"]}
      rows={pairs.map((pair) => [
        pair.anchorProductId === null
          ? "Cart, checkout or email"
          : (pair.anchorTitle ?? `Product ${pair.anchorProductId}`),
        pair.productTitle ?? `Product ${pair.productId}`,
        count(pair.impressions),
        count(pair.clicks),
        count(pair.addToCarts),
        count(pair.orders),
        count(pair.units),
        money(pair.revenue),
      ])}
    />
  );
}
