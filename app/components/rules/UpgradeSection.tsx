// An upgrade rule: from which product (and variant) to which premium one, the price step against
// the ceiling, and the line shown with the offer.
import { BlockStack, Box, Card, Divider, FormLayout, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import type { UpgradeValues } from "../../rules/rule-form-schema";
import type { PickerItem, ProductOption } from "../catalog-client";
import { isProduct } from "../catalog-client";
import { ResourcePicker } from "../ResourcePicker";
import type { Err, Update } from "./section-props";

function money(amount: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(amount);
  } catch {
    return amount.toFixed(2);
  }
}

export function UpgradeSection({
  values,
  update,
  err,
  items,
  remember,
  currencyCode,
  shopCeiling,
}: {
  values: UpgradeValues;
  update: Update;
  err: Err;
  items: Record<string, PickerItem>;
  remember: (items: PickerItem[]) => void;
  currencyCode: string;
  shopCeiling: number;
}) {
  const product = (id: string): ProductOption | undefined => {
    const item = items[id];
    return item && isProduct(item) ? item : undefined;
  };
  const from = product(values.trigger.productId);
  const to = product(values.offer.productId);
  const variantOptions = (option: ProductOption | undefined, none: string) => [
    { label: none, value: "" },
    ...(option?.variants ?? []).map((variant) => ({
      label: `${variant.title} · ${money(Number(variant.price), currencyCode)}`,
      value: variant.id,
    })),
  ];
  const priceOf = (option: ProductOption | undefined, variantId: string) => {
    const variant = option?.variants.find((candidate) => candidate.id === variantId) ?? option?.variants[0];
    return variant ? Number(variant.price) : undefined;
  };
  const fromPrice = priceOf(from, values.trigger.variantId);
  const toPrice = priceOf(to, values.offer.variantId);
  const ruleCeiling = values.maxPriceIncrease.trim() === "" ? Infinity : Number(values.maxPriceIncrease) / 100;
  const ceiling = Math.min(shopCeiling, Number.isFinite(ruleCeiling) ? ruleCeiling : Infinity);
  const increase = fromPrice && toPrice !== undefined ? (toPrice - fromPrice) / fromPrice : undefined;

  const choose = (side: "trigger" | "offer") => (picked: PickerItem[]) => {
    remember(picked);
    update({ [side]: { productId: picked[0]?.id ?? "", variantId: "" } } as Partial<UpgradeValues>);
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingSm">
          Upgrade
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <BlockStack gap="200">
            <ResourcePicker
              label="From product"
              type="product"
              multiple={false}
              selected={
                from
                  ? [from]
                  : values.trigger.productId
                    ? [{ id: values.trigger.productId, title: `#${values.trigger.productId}` }]
                    : []
              }
              onChange={choose("trigger")}
              error={err("trigger.productId")}
            />
            <Select
              label="From variant"
              options={variantOptions(from, "Any variant")}
              value={values.trigger.variantId}
              onChange={(variantId) => update({ trigger: { ...values.trigger, variantId } })}
              error={err("trigger.variantId")}
              disabled={!from}
            />
          </BlockStack>
          <BlockStack gap="200">
            <ResourcePicker
              label="To premium product"
              type="product"
              multiple={false}
              selected={
                to
                  ? [to]
                  : values.offer.productId
                    ? [{ id: values.offer.productId, title: `#${values.offer.productId}` }]
                    : []
              }
              onChange={choose("offer")}
              error={err("offer.productId")}
            />
            <Select
              label="To variant"
              options={variantOptions(to, "First available variant")}
              value={values.offer.variantId}
              onChange={(variantId) => update({ offer: { ...values.offer, variantId } })}
              error={err("offer.variantId")}
              disabled={!to}
            />
          </BlockStack>
        </InlineGrid>
        {increase !== undefined && fromPrice !== undefined && toPrice !== undefined ? (
          <Box
            background={increase > ceiling + 1e-9 ? "bg-surface-warning" : "bg-surface-secondary"}
            padding="300"
            borderRadius="200"
          >
            <Text as="p" tone={increase > ceiling + 1e-9 ? "caution" : undefined}>
              {money(fromPrice, currencyCode)} → {money(toPrice, currencyCode)} ({increase >= 0 ? "+" : ""}
              {(increase * 100).toFixed(0)}%)
              {increase > ceiling + 1e-9
                ? ` — above the ${(ceiling * 100).toFixed(0)}% price ceiling: this upgrade will not be shown.`
                : ""}
            </Text>
          </Box>
        ) : null}
        <Divider />
        <FormLayout>
          <TextField
            label="Why it’s worth it"
            value={values.valueText}
            onChange={(valueText) => update({ valueText })}
            error={err("valueText")}
            placeholder="Dual boiler: steam milk while you pull the shot"
            helpText="Shown with the upgrade offer."
            maxLength={200}
            showCharacterCount
            autoComplete="off"
          />
          <TextField
            label="Maximum price increase"
            type="number"
            suffix="%"
            min={0}
            value={values.maxPriceIncrease}
            onChange={(maxPriceIncrease) => update({ maxPriceIncrease })}
            error={err("maxPriceIncrease")}
            helpText={`Leave empty to use the shop’s ceiling (+${(shopCeiling * 100).toFixed(0)}%). The lower of the two applies.`}
            autoComplete="off"
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
