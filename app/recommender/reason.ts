// Plain-language reasons for a recommended product, shared by Recommendations and Preview.
import type { Explanation } from "./core/explain";

export type ReasonExplanation = Explanation;

export function formatShare(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

interface Matched {
  collectionIds: readonly (string | number)[];
  productType: boolean;
  vendor: boolean;
  tags: readonly string[];
}

/** "Same collection (Espresso), same product type, tag “espresso”". */
export function matchedText(matched: Matched, collections: Record<string, string>): string {
  const parts = [
    ...matched.collectionIds.map((id) => `collection ${collections[String(id)] ?? `#${id}`}`),
    ...(matched.productType ? ["product type"] : []),
    ...(matched.vendor ? ["vendor"] : []),
    ...matched.tags.map((tag) => `tag “${tag}”`),
  ];
  return parts.length ? `Shares ${parts.join(", ")}` : "Similar product";
}

/** One line: why this product is recommended with the anchor. */
export function reasonText(
  explanation: {
    source: "history" | "catalog";
    ordersTogether?: number;
    together?: number;
    confidence: number;
    matched?: Matched;
  },
  context: { collections: Record<string, string>; anchor: string; title?: (id: string) => string },
): string {
  if (explanation.source === "catalog") {
    return explanation.matched
      ? `${matchedText(explanation.matched, context.collections)} (too few orders to learn from)`
      : "Similar product (too few orders to learn from)";
  }
  const together = explanation.ordersTogether ?? explanation.together ?? 0;
  if (together <= 0) return "Never bought together yet";
  const orders = Math.round(together * 10) / 10;
  return `Bought together in ${orders} ${orders === 1 ? "order" : "orders"}; ${formatShare(explanation.confidence)} of orders with ${context.anchor} had it`;
}
