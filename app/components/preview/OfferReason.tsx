// Why an offer is shown: its rule, the catalog match, or the recommender's statistics.
import { Link, Text } from "@shopify/polaris";
import type { PreviewOffer } from "../../offers/serving/offer-preview.server";
import { formatShare, matchedText } from "../../recommender/reason";

export function OfferReason({ offer, collections }: { offer: PreviewOffer; collections: Record<string, string> }) {
  const reason = offer.reason;
  if (reason.type === "rule") {
    return (
      <Text as="span" tone="subdued">
        Rule <Link url={`/app/rules/${reason.ruleId}`}>{reason.ruleName}</Link>
      </Text>
    );
  }
  if (reason.type === "catalog") {
    return (
      <Text as="span" tone="subdued">
        Catalog: {matchedText(reason.matched, collections)}
      </Text>
    );
  }
  const e = reason.explanation;
  const stats = e
    ? e.source === "history" && e.together > 0
      ? `bought together in ${Math.round(e.together * 10) / 10} orders · support ${formatShare(e.support, 2)} · confidence ${formatShare(e.confidence)} · lift ${e.lift.toFixed(2)}×`
      : e.source === "catalog"
        ? "similar in your catalog"
        : "never bought together yet"
    : "never bought together yet";
  return (
    <Text as="span" tone="subdued">
      {reason.pinned ? `Pinned by you (${stats})` : `Recommender: ${stats}`}
    </Text>
  );
}
