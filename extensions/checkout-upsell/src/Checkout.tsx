/** @jsxImportSource preact */
// purchase.checkout.cart-line-list.render-after: one offer for the checkout's lines, added with
// applyCartLinesChange. Shown only when the checkout allows adding lines; a skeleton while it
// loads; any failure (network, app, Storefront API, the add itself) hides it: never blocks checkout.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fetchOfferBody, fetchVariantContext } from "./api";
import { OfferCard, OfferSkeleton } from "./OfferCard";
import { addOfferChange, chooseOffer, offerRequest, type OfferView } from "./offer-selection";

export default async () => {
  render(<Extension />, document.body);
};

type State = { status: "loading" } | { status: "hidden" } | { status: "ready"; offer: OfferView } | { status: "added" };

function Extension() {
  const lines = shopify.lines.value;
  const canAddCartLine = shopify.instructions.value.lines.canAddCartLine;
  const [state, setState] = useState<State>({ status: "loading" });
  const [adding, setAdding] = useState(false);
  const [failed, setFailed] = useState(false);
  // A new request when the set of variants changes, not on every quantity change.
  const key = lines
    .map((line) => line.merchandise?.id ?? "")
    .sort()
    .join(",");

  useEffect(() => {
    if (!canAddCartLine) return;
    let current = true;
    (async () => {
      const request = offerRequest("checkout", shopify.lines.value, shopify.attributes.value);
      const body = request ? await fetchOfferBody(shopify, request) : null;
      const variantId = (body as { offer?: { variantId?: unknown } } | null)?.offer?.variantId;
      const variant = typeof variantId === "string" ? await fetchVariantContext(shopify, variantId) : null;
      const offer = chooseOffer({
        surface: "checkout",
        body,
        lines: shopify.lines.value,
        canAddCartLine: shopify.instructions.value.lines.canAddCartLine,
        buyerCurrency: shopify.localization.currency.value.isoCode,
        variant,
      });
      if (current) setState(offer ? { status: "ready", offer } : { status: "hidden" });
    })().catch(() => current && setState({ status: "hidden" }));
    return () => {
      current = false;
    };
  }, [key, canAddCartLine]);

  if (!canAddCartLine || state.status === "hidden") return null;
  const t = shopify.i18n.translate;
  if (state.status === "loading") {
    return (
      <s-section heading={t("checkout.heading")}>
        <OfferSkeleton />
      </s-section>
    );
  }
  if (state.status === "added") return null; // the new line shows in the checkout's own list

  const { offer } = state;
  const add = async () => {
    setAdding(true);
    setFailed(false);
    try {
      const result = await shopify.applyCartLinesChange(addOfferChange(offer, "checkout"));
      if (result.type === "success") setState({ status: "added" });
      else setFailed(true);
    } catch {
      setFailed(true);
    } finally {
      setAdding(false);
    }
  };
  return (
    <s-section heading={t("checkout.heading")}>
      <s-stack gap="small-200">
        <OfferCard
          offer={offer}
          price={shopify.i18n.formatCurrency(offer.displayPrice.amount, { currency: offer.displayPrice.currencyCode })}
        >
          <s-button
            variant="secondary"
            loading={adding}
            disabled={adding}
            onClick={add}
            accessibilityLabel={`${t("checkout.add")} ${offer.title}`}
          >
            {t("checkout.add")}
          </s-button>
        </OfferCard>
        {failed ? <s-text tone="critical">{t("checkout.addFailed")}</s-text> : null}
      </s-stack>
    </s-section>
  );
}
