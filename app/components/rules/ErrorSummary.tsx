// Every problem that stops the rule from saving, above the form.
import { Banner, List } from "@shopify/polaris";
import type { FieldErrors } from "../../forms/field-errors";

export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  return (
    <Banner
      tone="critical"
      title={`Fix ${Object.keys(errors).length === 1 ? "this problem" : `these ${Object.keys(errors).length} problems`} to save the rule`}
    >
      <List type="bullet">
        {Object.entries(errors).map(([path, message]) => (
          <List.Item key={path}>{message}</List.Item>
        ))}
      </List>
    </Banner>
  );
}
