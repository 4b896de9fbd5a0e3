// Renders the post-purchase email: subject, responsive HTML (Handlebars → MJML → HTML) and plain
// text, in the shop's language and currency. Pure apart from MJML's compiler: the same model gives
// the same email, which is how the admin outbox shows a faithful preview of a sent email.
import Handlebars from "handlebars";
import { fill, stringsFor } from "./strings";
import { UPSELL_MJML, UPSELL_TEXT } from "./templates";

export interface UpsellEmailItem {
  kind: "cross_sell" | "upgrade";
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  /** In the shop's currency. */
  price: number;
  /** Cart permalink with the item (and the personal code). */
  url: string;
}

export interface UpsellEmailModel {
  /** Shop.primaryLocale, e.g. "en", "fr", "fr-CA". */
  locale: string;
  /** Shop.currencyCode (ISO 4217). */
  currencyCode: string;
  shopName: string;
  orderName: string;
  items: UpsellEmailItem[];
  discount: { code: string; percent: number; endsAt: Date } | null;
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

// MJML takes ~2 s to load: only the processes that render an email (the worker, an outbox preview)
// pay for it, on first use, not every web process at start.
let mjml: Promise<typeof import("mjml")> | undefined;
const loadMjml = () => (mjml ??= import("mjml").then((module) => module.default));

// An isolated Handlebars environment: no helpers or partials registered elsewhere leak in.
const handlebars = Handlebars.create();
const htmlTemplate = handlebars.compile(UPSELL_MJML, { strict: false });
const textTemplate = handlebars.compile(UPSELL_TEXT, { noEscape: true });

/** The locale for Intl: the shop's own when Intl knows it, else the language alone, else English. */
function intlLocale(locale: string): string {
  for (const candidate of [locale, locale.split(/[-_]/)[0], "en"]) {
    try {
      if (Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0) return candidate;
    } catch {
      // an invalid tag: try the next one
    }
  }
  return "en";
}

export function formatMoney(amount: number, currencyCode: string, locale: string): string {
  try {
    return new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: currencyCode }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currencyCode}`;
  }
}

export async function renderUpsellEmail(model: UpsellEmailModel): Promise<RenderedEmail> {
  const { language, strings } = stringsFor(model.locale);
  const locale = intlLocale(model.locale);
  const values = { shop: model.shopName, order: model.orderName };
  const subject = fill(strings.subject, values);
  const discountText = model.discount
    ? fill(strings.discount, {
        code: model.discount.code,
        percent: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(
          model.discount.percent / 100,
        ),
        date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(model.discount.endsAt),
      })
    : null;
  const context = {
    language,
    subject,
    preview: strings.preview,
    shopName: model.shopName,
    heading: fill(strings.heading, values),
    intro: strings.intro,
    discountText,
    addToCart: strings.addToCart,
    footer: fill(strings.footer, values),
    unsubscribe: strings.unsubscribe,
    unsubscribeUrl: model.unsubscribeUrl,
    items: model.items.map((item) => ({
      ...item,
      badge: item.kind === "upgrade" ? strings.upgrade : null,
      price: formatMoney(item.price, model.currencyCode, model.locale),
    })),
  };
  const mjml2html = await loadMjml();
  const compiled = await mjml2html(htmlTemplate(context), { validationLevel: "strict", keepComments: false });
  return {
    subject,
    html: compiled.html,
    text:
      textTemplate(context)
        .replace(/\n{3,}/g, "\n\n")
        .trim() + "\n",
  };
}
