// The offers as Liquid for Shopify to render (app proxy `application/liquid`, decision 007): the app
// decides which products and why; Shopify fills in titles, availability and prices for the shopper's
// market. No words of ours: labels come from the theme blocks' locales, and the merchant's widget texts
// ride along as `data-t-*` attributes (docs/theme-extension.md).
import type { WidgetTexts } from "../../settings/settings-schema";
import type { CatalogProduct, Offer } from "../engine/types";
import { isShopifyIdText } from "../../shopify/ids";

/** Escapes text for HTML and neutralises Liquid delimiters: Shopify renders this body as Liquid. */
export function escapeLiquidText(text: string): string {
  return text.replace(/[&<>"'{}%]/g, (char) => `&#${char.charCodeAt(0)};`);
}

// Shopify handles are lowercase letters, digits and dashes (and letters of other scripts).
const SAFE_HANDLE = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}-]*$/u;

/** Assigns `name` to the variant of `product` with id `variantId` (Liquid has no lookup by id). */
function assignVariant(name: string, product: string, variantId: string): string {
  return `{%- assign ${name} = nil -%}{%- for pw_x in ${product}.variants -%}{%- if pw_x.id == ${variantId} -%}{%- assign ${name} = pw_x -%}{%- endif -%}{%- endfor -%}`;
}

function dataAttributes(offer: Offer): string {
  const item = offer.products[0];
  const attrs: Record<string, string> = {
    "data-pw-offer": offer.offerId,
    "data-pw-kind": offer.kind,
    "data-pw-product": item.productId,
    "data-pw-variant": item.variantId,
    "data-pw-reason": offer.reason.type,
  };
  if (offer.reason.type === "rule") attrs["data-pw-rule"] = offer.reason.ruleId;
  if (offer.discount?.type === "percentage") attrs["data-pw-percent-off"] = String(offer.discount.value);
  if (offer.replaces) {
    attrs["data-pw-replaces-product"] = offer.replaces.productId;
    attrs["data-pw-replaces"] = offer.replaces.variantId;
  }
  return Object.entries(attrs)
    .map(([key, value]) => `${key}="${escapeLiquidText(value)}"`)
    .join(" ");
}

function crossSellLiquid(offer: Offer, product: CatalogProduct): string {
  const { variantId } = offer.products[0];
  return `{%- assign pw_p = all_products['${product.handle}'] -%}
{%- if pw_p.available -%}
${assignVariant("pw_v", "pw_p", variantId)}{%- unless pw_v.available -%}{%- assign pw_v = pw_p.selected_or_first_available_variant -%}{%- endunless -%}
<li class="pw-item" ${dataAttributes(offer)}>
<label class="pw-item__title"><input type="checkbox" class="pw-item__check" checked> {{ pw_p.title | escape }}</label>
{%- if pw_p.has_only_default_variant -%}
<input type="hidden" class="pw-item__variant" value="{{ pw_v.id }}" data-pw-cents="{{ pw_v.price }}">
{%- else -%}
<select class="pw-item__variant" aria-label="{{ pw_p.title | escape }}: {{ pw_p.options | join: ', ' | escape }}">
{%- for v in pw_p.variants -%}<option value="{{ v.id }}" data-pw-cents="{{ v.price }}"{% unless v.available %} disabled{% endunless %}{% if v.id == pw_v.id %} selected{% endif %}>{{ v.title | escape }} · {{ v.price | money }}</option>{%- endfor -%}
</select>
{%- endif -%}
<span class="pw-item__price">{{ pw_v.price | money }}</span>
</li>
{%- endif -%}`;
}

function upgradeLiquid(offer: Offer, premium: CatalogProduct, base: CatalogProduct): string {
  const { variantId } = offer.products[0];
  const value = offer.valueText ? `<span class="pw-upgrade__value">${escapeLiquidText(offer.valueText)}</span>` : "";
  return `{%- assign pw_p = all_products['${premium.handle}'] -%}{%- assign pw_b = all_products['${base.handle}'] -%}
${assignVariant("pw_v", "pw_p", variantId)}${assignVariant("pw_bv", "pw_b", offer.replaces!.variantId)}
{%- if pw_v.available and pw_bv -%}
<li class="pw-upgrade" ${dataAttributes(offer)}>
<span class="pw-upgrade__title" data-pw-title>{{ pw_p.title | escape }}{% unless pw_p.has_only_default_variant %} – {{ pw_v.title | escape }}{% endunless %}</span>
<span class="pw-upgrade__delta" data-pw-delta>{{ pw_v.price | minus: pw_bv.price | money }}</span>
${value}
</li>
{%- endif -%}`;
}

/** `productHeading` → `data-t-product-heading` (the blocks read it as `dataset.tProductHeading`). */
function textAttributes(texts: WidgetTexts): string {
  return Object.entries(texts)
    .filter(([, text]) => text)
    .map(([key, text]) => ` data-t-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escapeLiquidText(text)}"`)
    .join("");
}

/**
 * The offers list. `data-pw-money` is a sample amount formatted by Shopify's own `| money` in the
 * shopper's currency: the widgets reuse its format when a shopper changes a selection.
 */
export function offersLiquid(options: {
  offers: Offer[];
  holdout: boolean;
  surface: string;
  catalog: readonly CatalogProduct[];
  texts?: WidgetTexts;
}): string {
  const byId = new Map(options.catalog.map((product) => [product.id, product]));
  const items = options.offers.flatMap((offer) => {
    const product = byId.get(offer.products[0].productId);
    if (!product || !SAFE_HANDLE.test(product.handle) || !isShopifyIdText(offer.products[0].variantId)) return [];
    if (offer.kind === "cross_sell") return [crossSellLiquid(offer, product)];
    const base = offer.replaces && byId.get(offer.replaces.productId);
    if (!base || !SAFE_HANDLE.test(base.handle) || !isShopifyIdText(offer.replaces!.variantId)) return [];
    return [upgradeLiquid(offer, product, base)];
  });
  return `<ul class="pw-offers" data-pw-surface="${escapeLiquidText(options.surface)}" data-pw-holdout="${options.holdout}" data-pw-money="{{ 123456789 | money | escape }}" data-pw-currency="{{ cart.currency.iso_code }}"${textAttributes(options.texts ?? {})}>
${items.join("\n")}
</ul>`;
}
