// What the preview calls each guardrail, rule outcome and offer source.
import type { GuardrailName, RuleOutcome } from "../../offers/engine/types";

export const GUARDRAIL_LABEL: Record<GuardrailName, string> = {
  blocked: "Blocked pair",
  unavailable: "Not available",
  out_of_stock: "Out of stock",
  in_cart: "Already in the cart or being viewed",
  price_ceiling: "Above the upgrade price ceiling",
  relevance: "Below the relevance threshold",
  frequency_cap: "Frequency cap",
  after_accept: "Shopper just accepted an offer",
  max_offers: "Over the offers-per-surface limit",
  holdout: "Holdout group",
};

export const OUTCOME_LABEL: Record<
  RuleOutcome,
  { label: string; tone?: "success" | "critical" | "attention" | "info" }
> = {
  matched: { label: "Matched", tone: "success" },
  invalid: { label: "Invalid settings", tone: "critical" },
  disabled: { label: "Disabled" },
  off_surface: { label: "Not on this surface" },
  out_of_schedule: { label: "Outside its schedule" },
  conditions_unmet: { label: "Customer conditions not met", tone: "attention" },
  not_triggered: { label: "Not triggered" },
  kind_not_requested: { label: "Kind not requested" },
  skipped_by_stop_here: { label: "Skipped: an earlier rule stops here", tone: "info" },
};

export const SOURCE_LABEL = { pin: "Pinned", rule: "Rule", history: "Recommender", catalog: "Catalog" } as const;
