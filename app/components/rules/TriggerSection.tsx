// A cross-sell rule's trigger: any product, or products, collections, tags, vendors and types.
import { BlockStack, Card, Checkbox, InlineError, InlineGrid, Text } from "@shopify/polaris";
import type { CatalogFacets } from "../../catalog/admin-catalog.server";
import type { CrossSellValues } from "../../rules/rule-form-schema";
import type { PickerItem } from "../catalog-client";
import { ResourcePicker } from "../ResourcePicker";
import { TagsInput } from "../TagsInput";
import type { Err, Update } from "./section-props";

export function TriggerSection({
  values,
  update,
  err,
  triggerError,
  facets,
  itemsFor,
  remember,
}: {
  values: CrossSellValues;
  update: Update;
  err: Err;
  /** The trigger as a whole (nothing chosen), not one of its fields. */
  triggerError: string | undefined;
  facets: CatalogFacets;
  itemsFor: (ids: string[]) => PickerItem[];
  remember: (items: PickerItem[]) => void;
}) {
  const trigger = values.trigger;
  const setTrigger = (patch: Partial<CrossSellValues["trigger"]>) => update({ trigger: { ...trigger, ...patch } });
  const pick = (key: "productIds" | "collectionIds") => (picked: PickerItem[]) => {
    remember(picked);
    setTrigger({ [key]: picked.map((item) => item.id) });
  };
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            When a shopper views or has in the cart
          </Text>
          <Text as="p" tone="subdued">
            Any of these products, or a product in any of these collections, with any of these tags, vendors or types.
          </Text>
        </BlockStack>
        <Checkbox
          label="Any product"
          checked={trigger.anyProduct}
          onChange={(anyProduct) => setTrigger({ anyProduct })}
        />
        {trigger.anyProduct ? null : (
          <>
            <ResourcePicker
              label="Products"
              type="product"
              multiple
              max={250}
              selected={itemsFor(trigger.productIds)}
              onChange={pick("productIds")}
              error={err("trigger.productIds")}
            />
            <ResourcePicker
              label="Collections"
              type="collection"
              multiple
              max={50}
              selected={itemsFor(trigger.collectionIds)}
              onChange={pick("collectionIds")}
              error={err("trigger.collectionIds")}
            />
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
              <TagsInput
                label="Product tags"
                values={trigger.tags}
                onChange={(tags) => setTrigger({ tags })}
                suggestions={facets.tags}
                error={err("trigger.tags")}
              />
              <TagsInput
                label="Vendors"
                values={trigger.vendors}
                onChange={(vendors) => setTrigger({ vendors })}
                suggestions={facets.vendors}
                error={err("trigger.vendors")}
              />
              <TagsInput
                label="Product types"
                values={trigger.productTypes}
                onChange={(productTypes) => setTrigger({ productTypes })}
                suggestions={facets.productTypes}
                error={err("trigger.productTypes")}
              />
            </InlineGrid>
          </>
        )}
        {triggerError ? <InlineError message={triggerError} fieldID="rule-trigger" /> : null}
      </BlockStack>
    </Card>
  );
}
