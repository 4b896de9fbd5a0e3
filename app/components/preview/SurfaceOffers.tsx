// The offers a surface would show, in order, each with its price, kind, discount and reason.
import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { OFFER_KIND_LABELS } from "../../offers/engine/labels";
import type { PreviewOffer } from "../../offers/serving/offer-preview.server";
import { OfferReason } from "./OfferReason";

export function SurfaceOffers({
  offers,
  money,
  collections,
}: {
  offers: PreviewOffer[];
  money: (amount: number) => string;
  collections: Record<string, string>;
}) {
  return (
    <BlockStack gap="200" as="ol">
      {offers.map((offer, index) => (
        <li key={offer.offerId} style={{ listStyle: "none" }}>
          <Box padding="200" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {index + 1}. {offer.title}
                  {offer.variantTitle && offer.variantTitle !== "Default Title" ? ` – ${offer.variantTitle}` : ""}
                </Text>
                {offer.price !== null ? <Text as="span">{money(offer.price)}</Text> : null}
                <Badge tone={offer.kind === "upgrade" ? "attention" : "info"}>{OFFER_KIND_LABELS[offer.kind]}</Badge>
                {offer.discount ? (
                  <Badge tone="success">
                    {offer.discount.type === "percentage"
                      ? `${offer.discount.value}% off`
                      : `${money(offer.discount.value)} off`}
                  </Badge>
                ) : null}
              </InlineStack>
              {offer.kind === "upgrade" && offer.replacesTitle ? (
                <Text as="span">
                  Instead of {offer.replacesTitle}
                  {offer.priceDelta !== undefined
                    ? ` (${offer.priceDelta >= 0 ? "+" : ""}${money(offer.priceDelta)})`
                    : ""}
                  {offer.valueText ? ` — “${offer.valueText}”` : ""}
                </Text>
              ) : null}
              <OfferReason offer={offer} collections={collections} />
            </BlockStack>
          </Box>
        </li>
      ))}
    </BlockStack>
  );
}
