/** @jsxImportSource preact */
// The offer as both targets show it: thumbnail, title, variant, price, and an action slot.
import type { ComponentChildren } from "preact";
import type { OfferView } from "./offer-selection";

export function OfferCard(props: { offer: OfferView; price: string; children?: ComponentChildren }) {
  const { offer } = props;
  return (
    <s-stack direction="inline" gap="base" alignItems="center">
      {offer.imageUrl ? <s-product-thumbnail src={offer.imageUrl} alt={offer.title} /> : null}
      <s-stack gap="none">
        <s-text type="strong">{offer.title}</s-text>
        {offer.variantTitle ? <s-text color="subdued">{offer.variantTitle}</s-text> : null}
        <s-text>{props.price}</s-text>
      </s-stack>
      {props.children}
    </s-stack>
  );
}

export function OfferSkeleton() {
  return (
    <s-stack direction="inline" gap="base" alignItems="center">
      <s-skeleton-paragraph />
    </s-stack>
  );
}
