// Whether a rule runs and in what order: enabled, priority, stop here.
import { BlockStack, Card, Checkbox, Text, TextField } from "@shopify/polaris";
import type { RuleFormValues } from "../../rules/rule-form-schema";
import type { Err, Update } from "./section-props";

export function StatusSection({ values, update, err }: { values: RuleFormValues; update: Update; err: Err }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Status
        </Text>
        <Checkbox label="Enabled" checked={values.enabled} onChange={(enabled) => update({ enabled })} />
        <TextField
          label="Priority"
          type="number"
          min={0}
          value={values.priority}
          onChange={(priority) => update({ priority })}
          error={err("priority")}
          helpText="Lower runs first."
          autoComplete="off"
        />
        <Checkbox
          label="Stop here"
          checked={values.stopHere}
          onChange={(stopHere) => update({ stopHere })}
          helpText="When this rule matches, skip lower-priority rules and the recommender."
        />
      </BlockStack>
    </Card>
  );
}
