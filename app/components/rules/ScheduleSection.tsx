// When a rule runs: optional start and end dates (UTC days).
import { BlockStack, Card, Text, TextField } from "@shopify/polaris";
import type { RuleFormValues } from "../../rules/rule-form-schema";
import type { Err, Update } from "./section-props";

export function ScheduleSection({ values, update, err }: { values: RuleFormValues; update: Update; err: Err }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Schedule
        </Text>
        <TextField
          label="Starts"
          type="date"
          value={values.startsAt}
          onChange={(startsAt) => update({ startsAt })}
          error={err("startsAt")}
          autoComplete="off"
        />
        <TextField
          label="Ends (inclusive)"
          type="date"
          value={values.endsAt}
          onChange={(endsAt) => update({ endsAt })}
          error={err("endsAt")}
          helpText="Dates are in UTC. Leave empty to run until you stop it."
          autoComplete="off"
        />
      </BlockStack>
    </Card>
  );
}
