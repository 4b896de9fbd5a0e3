// Where a rule's offers show: product page, cart, drawer, checkout, thank-you page, email.
import { Card, ChoiceList } from "@shopify/polaris";
import { ALL_SURFACES, SURFACE_LABELS, type RuleFormValues } from "../../rules/rule-form-schema";
import type { Err, Update } from "./section-props";

export function SurfacesSection({ values, update, err }: { values: RuleFormValues; update: Update; err: Err }) {
  return (
    <Card>
      <ChoiceList
        title="Show on"
        allowMultiple
        choices={ALL_SURFACES.map((surface) => ({ label: SURFACE_LABELS[surface], value: surface }))}
        selected={values.surfaces}
        onChange={(surfaces) => update({ surfaces: surfaces as RuleFormValues["surfaces"] })}
        error={err("surfaces")}
      />
    </Card>
  );
}
