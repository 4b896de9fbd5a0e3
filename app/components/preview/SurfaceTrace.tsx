// How a surface's offers were chosen: the rules checked in priority order with their outcome, and
// what each guardrail removed.
import { Badge, BlockStack, InlineStack, Link, Text } from "@shopify/polaris";
import type { SurfacePreview } from "../../offers/serving/offer-preview.server";
import { GUARDRAIL_LABEL, OUTCOME_LABEL, SOURCE_LABEL } from "./labels";

export function SurfaceTrace({ preview }: { preview: SurfacePreview }) {
  const { rules, removed, stoppedBy } = preview.trace;
  const ruleName = (ruleId: string | undefined) => rules.find((r) => r.ruleId === ruleId)?.ruleName;
  return (
    <BlockStack gap="300">
      {rules.length ? (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Rules, in priority order
          </Text>
          {rules.map((rule) => (
            <InlineStack key={rule.ruleId} gap="200" blockAlign="center">
              <Link url={`/app/rules/${rule.ruleId}`}>{rule.ruleName}</Link>
              <Badge tone={OUTCOME_LABEL[rule.outcome].tone}>{OUTCOME_LABEL[rule.outcome].label}</Badge>
              {stoppedBy === rule.ruleId ? <Badge tone="info">Stops here</Badge> : null}
              {rule.detail ? (
                <Text as="span" tone="subdued" variant="bodySm">
                  {rule.detail}
                </Text>
              ) : null}
            </InlineStack>
          ))}
        </BlockStack>
      ) : (
        <Text as="p" tone="subdued">
          No enabled rules.
        </Text>
      )}
      {removed.length ? (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Removed by guardrails
          </Text>
          {removed.map((removal, index) => (
            <InlineStack key={`${removal.guardrail}-${removal.productId}-${index}`} gap="200" blockAlign="center">
              <Text as="span">{preview.titles[removal.productId] ?? `#${removal.productId}`}</Text>
              <Badge tone="critical">{GUARDRAIL_LABEL[removal.guardrail]}</Badge>
              <Text as="span" tone="subdued" variant="bodySm">
                {SOURCE_LABEL[removal.source]}
                {removal.ruleId ? ` “${ruleName(removal.ruleId) ?? removal.ruleId}”` : ""}
                {removal.detail ? ` · ${removal.detail}` : ""}
              </Text>
            </InlineStack>
          ))}
        </BlockStack>
      ) : null}
    </BlockStack>
  );
}
