// A cross-sell rule's offer: the products to show, in order.
import { BlockStack, Card, Text } from "@shopify/polaris";
import type { CrossSellValues } from "../../rules/rule-form-schema";
import type { PickerItem } from "../catalog-client";
import { ResourcePicker } from "../ResourcePicker";
import type { Err, Update } from "./section-props";

export function OfferSection({
  values,
  update,
  err,
  itemsFor,
  remember,
}: {
  values: CrossSellValues;
  update: Update;
  err: Err;
  itemsFor: (ids: string[]) => PickerItem[];
  remember: (items: PickerItem[]) => void;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            Offer these products
          </Text>
          <Text as="p" tone="subdued">
            Shown in this order, up to the number of offers each surface allows.
          </Text>
        </BlockStack>
        <ResourcePicker
          label="Offered products"
          type="product"
          multiple
          orderable
          max={10}
          selected={itemsFor(values.offer.productIds)}
          onChange={(picked) => {
            remember(picked);
            update({ offer: { productIds: picked.map((item) => item.id) } });
          }}
          error={err("offer.productIds")}
        />
      </BlockStack>
    </Card>
  );
}
