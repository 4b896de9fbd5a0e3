/** @jsxImportSource preact */
// purchase.thank-you.block.render: a "complete your set" offer from the order's lines, linking to
// a cart permalink (with the buyer's personal code when the merchant's rule has a discount).
// Skeleton while loading; nothing at all when there is no offer or anything fails.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fetchOfferBody, fetchVariantContext } from "./api";
import { OfferCard, OfferSkeleton } from "./OfferCard";
import { chooseOffer, offerRequest, type OfferView } from "./offer-selection";

export default async () => {
  render(<Extension />, document.body);
};

type State = { status: "loading" } | { status: "hidden" } | { status: "ready"; offer: OfferView };

function Extension() {
  const [state, setState] = useState<State>({ status: "loading" });
  const orderId = shopify.orderConfirmation.value?.order?.id ?? null;

  useEffect(() => {
    let current = true;
    (async () => {
      const request = offerRequest("thank_you", shopify.lines.value, shopify.attributes.value, orderId);
      const body = request ? await fetchOfferBody(shopify, request) : null;
      const variantId = (body as { offer?: { variantId?: unknown } } | null)?.offer?.variantId;
      const variant = typeof variantId === "string" ? await fetchVariantContext(shopify, variantId) : null;
      const offer = chooseOffer({
        surface: "thank_you",
        body,
        lines: shopify.lines.value,
        canAddCartLine: false,
        buyerCurrency: shopify.localization.currency.value.isoCode,
        variant,
      });
      if (current) setState(offer ? { status: "ready", offer } : { status: "hidden" });
    })().catch(() => current && setState({ status: "hidden" }));
    return () => {
      current = false;
    };
  }, [orderId]);

  const t = shopify.i18n.translate;
  if (state.status === "hidden") return null;
  if (state.status === "loading") {
    return (
      <s-section heading={t("thankYou.heading")}>
        <OfferSkeleton />
      </s-section>
    );
  }
  const { offer } = state;
  return (
    <s-section heading={t("thankYou.heading")}>
      <s-stack gap="base">
        <s-text>{t("thankYou.body")}</s-text>
        <OfferCard
          offer={offer}
          price={shopify.i18n.formatCurrency(offer.displayPrice.amount, { currency: offer.displayPrice.currencyCode })}
        />
        {offer.discountCode ? (
          <s-text color="subdued">{t("thankYou.discount", { code: offer.discountCode })}</s-text>
        ) : null}
        <s-button href={offer.cartUrl ?? undefined} target="_blank" variant="primary">
          {t("thankYou.cta")}
        </s-button>
      </s-stack>
    </s-section>
  );
}
