// The shopper to preview for: the product viewed (and variant), the cart, whether and how they are
// logged in, their tags. Products picked are remembered here for their titles and variants.
import { BlockStack, Button, Card, Divider, InlineStack, Select, Text } from "@shopify/polaris";
import { useState, type Dispatch, type SetStateAction } from "react";
import type { ProductOption } from "../catalog-client";
import { ResourcePicker } from "../ResourcePicker";
import { TagsInput } from "../TagsInput";
import { CartLines } from "./CartLines";
import { NO_SHOPPER, type ContextState } from "./useShopperContext";

export function ShopperCard({
  context,
  setContext,
  initialProducts,
  money,
}: {
  context: ContextState;
  setContext: Dispatch<SetStateAction<ContextState>>;
  initialProducts: Record<string, ProductOption>;
  money: (amount: number) => string;
}) {
  const [products, setProducts] = useState<Record<string, ProductOption>>(initialProducts);
  const remember = (picked: ProductOption[]) =>
    setProducts((current) => ({ ...current, ...Object.fromEntries(picked.map((p) => [p.id, p])) }));
  const productOfVariant = (variantId: string) =>
    Object.values(products).find((p) => p.variants.some((v) => v.id === variantId));
  const viewed = context.product ? products[context.product] : undefined;

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingSm">
          Shopper
        </Text>
        <ResourcePicker
          label="Viewing product"
          type="product"
          multiple={false}
          selected={viewed ? [viewed] : []}
          onChange={(picked) => {
            remember(picked as ProductOption[]);
            setContext((c) => ({ ...c, product: picked[0]?.id ?? "", variant: "" }));
          }}
        />
        {viewed && viewed.variants.length > 1 ? (
          <Select
            label="Variant"
            options={[
              { label: "First available", value: "" },
              ...viewed.variants.map((v) => ({ label: `${v.title} · ${money(Number(v.price))}`, value: v.id })),
            ]}
            value={context.variant}
            onChange={(variant) => setContext((c) => ({ ...c, variant }))}
          />
        ) : null}
        <Divider />
        <ResourcePicker
          label="Cart"
          type="product"
          multiple
          selected={[]}
          hideSelection
          browseLabel="Add products"
          onChange={(picked) => {
            const added = picked as ProductOption[];
            remember(added);
            setContext((c) => {
              const present = new Set(c.lines.map((line) => productOfVariant(line.variantId)?.id));
              const lines = added
                .filter((p) => p.variants[0] && !present.has(p.id))
                .map((p) => ({ variantId: p.variants[0].id, quantity: 1 }));
              return { ...c, lines: [...c.lines, ...lines].slice(0, 20) };
            });
          }}
        />
        {context.lines.length === 0 ? (
          <Text as="p" tone="subdued">
            The cart is empty.
          </Text>
        ) : (
          <CartLines lines={context.lines} setContext={setContext} productOfVariant={productOfVariant} money={money} />
        )}
        <Divider />
        <Select
          label="Customer"
          options={[
            { label: "Anonymous shopper", value: "anonymous" },
            { label: "New customer (logged in, no orders)", value: "new" },
            { label: "Returning customer", value: "returning" },
          ]}
          value={context.customer}
          onChange={(customer) => setContext((c) => ({ ...c, customer: customer as ContextState["customer"] }))}
        />
        <TagsInput
          label="Customer tags"
          values={context.tags}
          onChange={(tags) => setContext((c) => ({ ...c, tags }))}
        />
        {context.product || context.lines.length || context.tags.length || context.customer !== "anonymous" ? (
          <InlineStack>
            <Button variant="plain" onClick={() => setContext(NO_SHOPPER)}>
              Start over
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
