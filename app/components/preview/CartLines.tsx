// The preview's cart: a line per product, its variant and quantity editable, removable.
import { BlockStack, Button, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { Dispatch, SetStateAction } from "react";
import type { ProductOption } from "../catalog-client";
import type { ContextState } from "./useShopperContext";

export function CartLines({
  lines,
  setContext,
  productOfVariant,
  money,
}: {
  lines: ContextState["lines"];
  setContext: Dispatch<SetStateAction<ContextState>>;
  productOfVariant: (variantId: string) => ProductOption | undefined;
  money: (amount: number) => string;
}) {
  return (
    <BlockStack gap="300" as="ul">
      {lines.map((line, index) => {
        const product = productOfVariant(line.variantId);
        const setLine = (patch: Partial<typeof line>) =>
          setContext((c) => ({
            ...c,
            lines: c.lines.map((other, i) => (i === index ? { ...other, ...patch } : other)),
          }));
        return (
          <li key={`${line.variantId}-${index}`} style={{ listStyle: "none" }}>
            <BlockStack gap="150">
              <InlineStack align="space-between" blockAlign="center" wrap={false}>
                <Text as="span" fontWeight="medium" truncate>
                  {product?.title ?? `#${line.variantId}`}
                </Text>
                <Button
                  variant="plain"
                  tone="critical"
                  onClick={() => setContext((c) => ({ ...c, lines: c.lines.filter((_, i) => i !== index) }))}
                  accessibilityLabel={`Remove ${product?.title ?? "line"} from the cart`}
                >
                  Remove
                </Button>
              </InlineStack>
              <InlineGrid columns={["twoThirds", "oneThird"]} gap="200">
                <Select
                  label="Variant"
                  labelHidden
                  options={(product?.variants ?? []).map((v) => ({
                    label: `${v.title} · ${money(Number(v.price))}`,
                    value: v.id,
                  }))}
                  value={line.variantId}
                  onChange={(variantId) => setLine({ variantId })}
                />
                <TextField
                  label="Quantity"
                  labelHidden
                  type="number"
                  min={1}
                  max={999}
                  value={String(line.quantity)}
                  onChange={(value) => setLine({ quantity: Math.min(999, Math.max(1, Number(value) || 1)) })}
                  autoComplete="off"
                />
              </InlineGrid>
            </BlockStack>
          </li>
        );
      })}
    </BlockStack>
  );
}
