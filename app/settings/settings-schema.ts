// The settings form's one schema (browser and action): guardrails, recommender parameters and the
// widget texts. Shares are entered as percentages; the output is what shop_settings stores.
import { z } from "zod";
import { DEFAULT_SIMILARITY, SIMILARITY_NAMES } from "../recommender/core/similarity";
import { fieldErrors, numberish, type FieldErrors } from "../forms/field-errors";

export const SIMILARITY_CHOICES = ["default", ...SIMILARITY_NAMES] as const;
export type SimilarityChoice = (typeof SIMILARITY_CHOICES)[number];

export const SIMILARITY_HELP: Record<SimilarityChoice, string> = {
  default: `The recommended measure (currently “${DEFAULT_SIMILARITY}”), updated with the app`,
  count: "Orders together: favours bestsellers",
  confidence: "Share of the product's orders that also had the other",
  cosine: "Orders together, discounting popularity of both products",
  jaccard: "Orders with both among orders with either",
  lift: "How much more often than chance: favours rare pairs (needs minimum support)",
  llr: "Statistical confidence that the pair is real: favours well-observed pairs",
  blend: "Confidence minus half the other product's popularity (evaluated best)",
};

/** Texts the storefront widgets show instead of the theme's translations; empty = the theme's text. */
export const WIDGET_TEXT_FIELDS = [
  { key: "productHeading", label: "Product page heading", placeholder: "Frequently bought together" },
  { key: "cartHeading", label: "Cart heading", placeholder: "You may also like" },
  { key: "upgradeHeading", label: "Upgrade heading", placeholder: "Upgrade your choice" },
  { key: "addButton", label: "Add button", placeholder: "Add" },
] as const;
export type WidgetTextKey = (typeof WIDGET_TEXT_FIELDS)[number]["key"];
export type WidgetTexts = Partial<Record<WidgetTextKey, string>>;

export interface SettingsValues {
  maxOffersPerSurface: string;
  /** Percent. */
  upgradePriceCeiling: string;
  relevanceThreshold: string;
  frequencyCapHours: string;
  /** Percent. */
  holdoutShare: string;
  similarity: SimilarityChoice;
  /** "" = no time decay. */
  halfLifeDays: string;
  minSupport: string;
  widgetTexts: Record<WidgetTextKey, string>;
}

const int = (min: number, max: number, label = "a whole number") =>
  numberish(
    z
      .number({ error: `Enter ${label}` })
      .int(`Enter ${label}`)
      .min(min, `Enter ${min} or more`)
      .max(max, `At most ${max}`),
  );
const decimal = (min: number, max: number) =>
  numberish(z.number({ error: "Enter a number" }).min(min, `Enter ${min} or more`).max(max, `At most ${max}`));

const widgetText = z.string().trim().max(80, "Keep it under 80 characters").default("");

export const settingsFormSchema = z
  .object({
    maxOffersPerSurface: int(1, 10),
    upgradePriceCeiling: decimal(0, 1000),
    relevanceThreshold: decimal(0, 1),
    frequencyCapHours: int(0, 720),
    holdoutShare: decimal(0, 50),
    similarity: z.enum(SIMILARITY_CHOICES, { error: "Choose a similarity measure" }),
    halfLifeDays: numberish(
      z
        .number({ error: "Enter a number of days" })
        .int("Enter whole days")
        .min(1, "Enter 1 or more")
        .max(3650, "At most 3650")
        .optional(),
    ),
    minSupport: int(1, 1000),
    widgetTexts: z.object(
      Object.fromEntries(WIDGET_TEXT_FIELDS.map((field) => [field.key, widgetText])) as Record<
        WidgetTextKey,
        typeof widgetText
      >,
    ),
  })
  .transform((values) => ({
    maxOffersPerSurface: values.maxOffersPerSurface,
    upgradePriceCeiling: values.upgradePriceCeiling / 100,
    relevanceThreshold: values.relevanceThreshold,
    frequencyCapHours: values.frequencyCapHours,
    holdoutShare: values.holdoutShare / 100,
    similarity: values.similarity,
    halfLifeDays: values.halfLifeDays ?? null,
    minSupport: values.minSupport,
    widgetTexts: Object.fromEntries(
      Object.entries(values.widgetTexts).filter(([, text]) => text !== ""),
    ) as WidgetTexts,
  }));

export type SettingsWrite = z.output<typeof settingsFormSchema>;

export type SettingsFormResult = { success: true; data: SettingsWrite } | { success: false; errors: FieldErrors };

export function parseSettingsForm(input: unknown): SettingsFormResult {
  const result = settingsFormSchema.safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, errors: fieldErrors(result.error) };
}
