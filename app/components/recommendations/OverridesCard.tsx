// The merchant's pins and blocks on the Recommendations page, each removable.
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";

export function OverridesCard({
  overrides,
  title,
  onClear,
  busy,
}: {
  overrides: { productId: string; otherProductId: string; mode: "PIN" | "BLOCK" }[];
  title: (id: string) => string;
  onClear: (a: string, b: string) => void;
  busy: boolean;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Pins and blocks
        </Text>
        {overrides.length === 0 ? (
          <Banner tone="info">
            <p>Pin a pair to always show it, or block one to never show it. Choose a product to start.</p>
          </Banner>
        ) : (
          <BlockStack gap="150" as="ul">
            {overrides.map((o) => (
              <li key={`${o.productId}-${o.otherProductId}`} style={{ listStyle: "none" }}>
                <InlineStack align="space-between" blockAlign="center" wrap={false} gap="200">
                  <BlockStack gap="050">
                    <Text as="span">
                      {title(o.productId)} → {title(o.otherProductId)}
                    </Text>
                    <div>
                      <Badge tone={o.mode === "PIN" ? "info" : "critical"}>
                        {o.mode === "PIN" ? "Pinned" : "Blocked"}
                      </Badge>
                    </div>
                  </BlockStack>
                  <Button
                    size="slim"
                    variant="plain"
                    onClick={() => onClear(o.productId, o.otherProductId)}
                    disabled={busy}
                  >
                    Remove
                  </Button>
                </InlineStack>
              </li>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
