// Which shoppers a rule applies to: new or returning, customer tags, cart subtotal.
import { BlockStack, Card, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import type { RuleFormValues } from "../../rules/rule-form-schema";
import { TagsInput } from "../TagsInput";
import type { Err, Update } from "./section-props";

export function ConditionsSection({
  values,
  update,
  err,
  currencyCode,
}: {
  values: RuleFormValues;
  update: Update;
  err: Err;
  currencyCode: string;
}) {
  const conditions = values.conditions;
  const set = (patch: Partial<RuleFormValues["conditions"]>) => update({ conditions: { ...conditions, ...patch } });
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            Customer conditions
          </Text>
          <Text as="p" tone="subdued">
            Optional. Anonymous shoppers count as neither new nor returning.
          </Text>
        </BlockStack>
        <Select
          label="Customers"
          options={[
            { label: "Everyone", value: "any" },
            { label: "New customers (no previous order)", value: "new" },
            { label: "Returning customers", value: "returning" },
          ]}
          value={conditions.customer}
          onChange={(customer) => set({ customer: customer as typeof conditions.customer })}
        />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TagsInput
            label="Customer has any of these tags"
            values={conditions.customerTagsAny}
            onChange={(customerTagsAny) => set({ customerTagsAny })}
            error={err("conditions.customerTagsAny")}
          />
          <TagsInput
            label="Customer has none of these tags"
            values={conditions.customerTagsNone}
            onChange={(customerTagsNone) => set({ customerTagsNone })}
            error={err("conditions.customerTagsNone")}
          />
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TextField
            label="Cart subtotal at least"
            type="number"
            min={0}
            suffix={currencyCode}
            value={conditions.minSubtotal}
            onChange={(minSubtotal) => set({ minSubtotal })}
            error={err("conditions.minSubtotal")}
            autoComplete="off"
          />
          <TextField
            label="Cart subtotal at most"
            type="number"
            min={0}
            suffix={currencyCode}
            value={conditions.maxSubtotal}
            onChange={(maxSubtotal) => set({ maxSubtotal })}
            error={err("conditions.maxSubtotal") ?? err("conditions")}
            autoComplete="off"
          />
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
