// The discount on a rule's offered product: none, a percentage or a fixed amount.
import { BlockStack, Card, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import type { RuleFormValues } from "../../rules/rule-form-schema";
import type { Err, Update } from "./section-props";

export function DiscountSection({
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
  const discount = values.discount;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Discount
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Select
            label="Discount on the offered product"
            options={[
              { label: "No discount", value: "none" },
              { label: "Percentage", value: "percentage" },
              { label: `Fixed amount (${currencyCode})`, value: "fixed_amount" },
            ]}
            value={discount.type}
            onChange={(type) => update({ discount: { ...discount, type: type as typeof discount.type } })}
          />
          {discount.type === "none" ? null : (
            <TextField
              label={discount.type === "percentage" ? "Percent off" : "Amount off"}
              type="number"
              min={0}
              suffix={discount.type === "percentage" ? "%" : currencyCode}
              value={discount.value}
              onChange={(value) => update({ discount: { ...discount, value } })}
              error={err("discount.value")}
              autoComplete="off"
            />
          )}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
