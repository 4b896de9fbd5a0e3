// The merchant's storefront widget texts (Settings → Widget texts, `shop_settings.widget_texts`) for
// the offers the app proxy renders. Stored in one language, so they apply to every locale; a
// block's own heading setting still wins (docs/theme-extension.md). Read with the offers' inputs
// (app/offers/serving/offer-inputs.server.ts), in the same statement.
import { WIDGET_TEXT_FIELDS, type WidgetTexts } from "./settings-schema";

/** The known, non-blank texts of a stored `widget_texts` value; anything else is ignored. */
export function cleanWidgetTexts(stored: unknown): WidgetTexts {
  if (!stored || typeof stored !== "object") return {};
  const texts: WidgetTexts = {};
  for (const { key } of WIDGET_TEXT_FIELDS) {
    const text = (stored as Record<string, unknown>)[key];
    if (typeof text === "string" && text.trim() !== "") texts[key] = text.trim();
  }
  return texts;
}
