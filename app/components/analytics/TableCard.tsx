// A card holding a table edge to edge, under its heading.
import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A card holding a table edge to edge, under its heading (and a line of explanation). */
export function TableCard({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {description ? (
            <Text as="p" tone="subdued" variant="bodySm">
              {description}
            </Text>
          ) : null}
        </BlockStack>
      </Box>
      {children}
    </Card>
  );
}
