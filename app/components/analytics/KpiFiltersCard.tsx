// The analytics page's filters: the range, the surface, the offer kind and the rule.
import { Card, InlineStack, Select } from "@shopify/polaris";
import { NO_RULE, type KpiFilters } from "../../analytics/kpi-query";
import type { RuleOption } from "../../analytics/rule-filter.server";
import { OFFER_KIND_LABELS, SURFACE_LABELS } from "../../offers/engine/labels";
import { OFFER_KINDS, SURFACES } from "../../offers/engine/types";
import { DateRange } from "./DateRange";

export function KpiFiltersCard({
  filters,
  rules,
  today,
  onApply,
}: {
  filters: KpiFilters;
  rules: RuleOption[];
  today: string;
  onApply: (changes: Partial<KpiFilters>) => void;
}) {
  return (
    <Card>
      <InlineStack gap="400" blockAlign="end" wrap>
        <DateRange key={`${filters.from}:${filters.to}`} filters={filters} today={today} onApply={onApply} />
        <Select
          label="Surface"
          options={[
            { label: "All surfaces", value: "" },
            ...SURFACES.map((value) => ({ label: SURFACE_LABELS[value], value })),
          ]}
          value={filters.surface ?? ""}
          onChange={(value) => onApply({ surface: (value || undefined) as KpiFilters["surface"] })}
        />
        <Select
          label="Offer kind"
          options={[
            { label: "All kinds", value: "" },
            ...OFFER_KINDS.map((value) => ({ label: OFFER_KIND_LABELS[value], value })),
          ]}
          value={filters.kind ?? ""}
          onChange={(value) => onApply({ kind: (value || undefined) as KpiFilters["kind"] })}
        />
        <Select
          label="Rule"
          options={[
            { label: "All rules and recommendations", value: "" },
            { label: "Recommendations (no rule)", value: NO_RULE },
            ...rules.map((rule) => ({ label: rule.name, value: rule.id })),
          ]}
          value={filters.rule ?? ""}
          onChange={(value) => onApply({ rule: value || undefined })}
        />
      </InlineStack>
    </Card>
  );
}
