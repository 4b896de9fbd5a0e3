// One surface of the preview: what it would show, and (folding) why.
import { Badge, BlockStack, Button, Card, Collapsible, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import type { SurfacePreview } from "../../offers/serving/offer-preview.server";
import { SURFACE_LABELS } from "../../rules/rule-form-schema";
import { SurfaceOffers } from "./SurfaceOffers";
import { SurfaceTrace } from "./SurfaceTrace";

export function SurfaceCard({
  preview,
  money,
  collections,
  updating,
}: {
  preview: SurfacePreview;
  money: (amount: number) => string;
  collections: Record<string, string>;
  updating: boolean;
}) {
  // Open: the reasons are what the merchant came for.
  const [open, setOpen] = useState(true);
  const title = SURFACE_LABELS[preview.surface];
  const { rules, removed } = preview.trace;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {preview.skipped ? null : (
            <Badge
              tone={preview.offers.length ? "success" : undefined}
            >{`${preview.offers.length} ${preview.offers.length === 1 ? "offer" : "offers"}`}</Badge>
          )}
        </InlineStack>
        {preview.skipped ? (
          <Text as="p" tone="subdued">
            {preview.skipped}
          </Text>
        ) : (
          <div
            style={{ opacity: updating ? 0.5 : 1, transition: "opacity 150ms" }}
            data-testid={`surface-${preview.surface}`}
          >
            <BlockStack gap="300">
              {preview.offers.length === 0 ? (
                <Text as="p" tone="subdued">
                  Nothing would be shown here. {removed.length ? "See why below." : ""}
                </Text>
              ) : (
                <SurfaceOffers offers={preview.offers} money={money} collections={collections} />
              )}
              <InlineStack>
                <Button
                  variant="plain"
                  onClick={() => setOpen((o) => !o)}
                  ariaExpanded={open}
                  ariaControls={`why-${preview.surface}`}
                  disclosure={open ? "up" : "down"}
                >
                  {`Why: ${rules.length} ${rules.length === 1 ? "rule" : "rules"} checked, ${removed.length} removed by guardrails`}
                </Button>
              </InlineStack>
              <Collapsible open={open} id={`why-${preview.surface}`}>
                <SurfaceTrace preview={preview} />
              </Collapsible>
            </BlockStack>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
