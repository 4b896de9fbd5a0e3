// The cross-sell / upgrade rule form. Its state is RuleFormValues; the schema that the action runs
// (rule-form-schema.ts) runs here too, so errors appear next to their fields before submitting.
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Checkbox,
  ChoiceList,
  Divider,
  FormLayout,
  InlineError,
  InlineGrid,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { PageProps } from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { CatalogFacets } from "../../catalog/admin-catalog.server";
import { errorFor, type FieldErrors } from "../../forms/field-errors";
import type { PickerItem, ProductOption } from "../catalog-client";
import { isProduct } from "../catalog-client";
import { ResourcePicker } from "../ResourcePicker";
import { TagsInput } from "../TagsInput";
import { UnsavedChanges } from "../UnsavedChanges";
import {
  ALL_SURFACES,
  parseRuleForm,
  SURFACE_LABELS,
  type CrossSellValues,
  type RuleFormValues,
  type UpgradeValues,
} from "../../rules/rule-form-schema";

export interface RuleFormProps {
  initial: RuleFormValues;
  /** Products and collections the rule names, by id (titles and variants). */
  items: Record<string, PickerItem>;
  facets: CatalogFacets;
  currencyCode: string;
  /** The shop's upgrade price ceiling (share), for the upgrade price hint. */
  shopCeiling: number;
  serverErrors: FieldErrors;
  saving: boolean;
  isNew: boolean;
  onSave: (values: RuleFormValues) => void;
  onInvalid: () => void;
  /** The page around the form: its title bar's Save calls the form's save. */
  page: Omit<PageProps, "children" | "primaryAction">;
  /** Above the form (a kind switch, an "invalid rule" banner). */
  header?: React.ReactNode;
}

export function RuleForm(props: RuleFormProps) {
  const { initial, saving, onSave, onInvalid } = props;
  const [values, setValues] = useState<RuleFormValues>(initial);
  const [items, setItems] = useState<Record<string, PickerItem>>(props.items);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>(props.serverErrors);
  const [lastServerErrors, setLastServerErrors] = useState(props.serverErrors);
  if (props.serverErrors !== lastServerErrors) {
    setLastServerErrors(props.serverErrors);
    setServerErrors(props.serverErrors);
  }

  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(initial), [values, initial]);
  const clientErrors = useMemo(() => {
    if (!submitted) return {};
    const result = parseRuleForm(values);
    return result.success ? {} : result.errors;
  }, [submitted, values]);
  const errors = { ...serverErrors, ...clientErrors };
  const err = (path: string) => errorFor(errors, path);

  const update = (patch: Partial<CrossSellValues> | Partial<UpgradeValues>) => {
    setServerErrors({});
    setValues((current) => ({ ...current, ...patch }) as RuleFormValues);
  };
  const remember = (picked: PickerItem[]) => setItems((current) => ({ ...current, ...Object.fromEntries(picked.map((item) => [item.id, item])) }));
  const itemsFor = (ids: string[]) => ids.map((id) => items[id] ?? { id, title: `#${id}` });

  const save = () => {
    setSubmitted(true);
    if (!parseRuleForm(values).success) {
      onInvalid();
      return;
    }
    onSave(values);
  };
  const discard = () => {
    setValues(initial);
    setSubmitted(false);
    setServerErrors({});
  };

  return (
    <Page {...props.page} primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !props.isNew && !dirty }}>
    <form
      data-testid="rule-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <BlockStack gap="400">
        <UnsavedChanges id="rule-save-bar" dirty={dirty} saving={saving} onSave={save} onDiscard={discard} />
        {props.header}
        {Object.keys(errors).length > 0 ? (
          <Banner tone="critical" title={`Fix ${Object.keys(errors).length === 1 ? "this problem" : `these ${Object.keys(errors).length} problems`} to save the rule`}>
            <List type="bullet">
              {Object.entries(errors).map(([path, message]) => (
                <List.Item key={path}>{message}</List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <TextField
                  label="Name"
                  value={values.name}
                  onChange={(name) => update({ name })}
                  error={err("name")}
                  helpText="Only you see this: in the rule list, Preview and reports."
                  autoComplete="off"
                  maxLength={100}
                />
              </Card>
              {values.kind === "CROSS_SELL" ? (
                <CrossSellFields values={values} update={update} err={err} triggerError={errors.trigger} facets={props.facets} itemsFor={itemsFor} remember={remember} />
              ) : (
                <UpgradeFields
                  values={values}
                  update={update}
                  err={err}
                  items={items}
                  remember={remember}
                  currencyCode={props.currencyCode}
                  shopCeiling={props.shopCeiling}
                />
              )}
              <DiscountFields values={values} update={update} err={err} currencyCode={props.currencyCode} />
              <ConditionsFields values={values} update={update} err={err} currencyCode={props.currencyCode} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingSm">
                    Status
                  </Text>
                  <Checkbox label="Enabled" checked={values.enabled} onChange={(enabled) => update({ enabled })} />
                  <TextField
                    label="Priority"
                    type="number"
                    min={0}
                    value={values.priority}
                    onChange={(priority) => update({ priority })}
                    error={err("priority")}
                    helpText="Lower runs first."
                    autoComplete="off"
                  />
                  <Checkbox
                    label="Stop here"
                    checked={values.stopHere}
                    onChange={(stopHere) => update({ stopHere })}
                    helpText="When this rule matches, skip lower-priority rules and the recommender."
                  />
                </BlockStack>
              </Card>
              <Card>
                <ChoiceList
                  title="Show on"
                  allowMultiple
                  choices={ALL_SURFACES.map((surface) => ({ label: SURFACE_LABELS[surface], value: surface }))}
                  selected={values.surfaces}
                  onChange={(surfaces) => update({ surfaces: surfaces as RuleFormValues["surfaces"] })}
                  error={err("surfaces")}
                />
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingSm">
                    Schedule
                  </Text>
                  <TextField
                    label="Starts"
                    type="date"
                    value={values.startsAt}
                    onChange={(startsAt) => update({ startsAt })}
                    error={err("startsAt")}
                    autoComplete="off"
                  />
                  <TextField
                    label="Ends (inclusive)"
                    type="date"
                    value={values.endsAt}
                    onChange={(endsAt) => update({ endsAt })}
                    error={err("endsAt")}
                    helpText="Dates are in UTC. Leave empty to run until you stop it."
                    autoComplete="off"
                  />
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
      {/* Enter in a text field submits, as in any form. */}
      <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </form>
    </Page>
  );
}

type Err = (path: string) => string | undefined;
type Update = (patch: Partial<CrossSellValues> | Partial<UpgradeValues>) => void;

function CrossSellFields({
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
    <>
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
          <Checkbox label="Any product" checked={trigger.anyProduct} onChange={(anyProduct) => setTrigger({ anyProduct })} />
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
                <TagsInput label="Product tags" values={trigger.tags} onChange={(tags) => setTrigger({ tags })} suggestions={facets.tags} error={err("trigger.tags")} />
                <TagsInput label="Vendors" values={trigger.vendors} onChange={(vendors) => setTrigger({ vendors })} suggestions={facets.vendors} error={err("trigger.vendors")} />
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
    </>
  );
}

function money(amount: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(amount);
  } catch {
    return amount.toFixed(2);
  }
}

function UpgradeFields({
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
    ...(option?.variants ?? []).map((variant) => ({ label: `${variant.title} · ${money(Number(variant.price), currencyCode)}`, value: variant.id })),
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
              selected={from ? [from] : values.trigger.productId ? [{ id: values.trigger.productId, title: `#${values.trigger.productId}` }] : []}
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
              selected={to ? [to] : values.offer.productId ? [{ id: values.offer.productId, title: `#${values.offer.productId}` }] : []}
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
          <Box background={increase > ceiling + 1e-9 ? "bg-surface-warning" : "bg-surface-secondary"} padding="300" borderRadius="200">
            <Text as="p" tone={increase > ceiling + 1e-9 ? "caution" : undefined}>
              {money(fromPrice, currencyCode)} → {money(toPrice, currencyCode)} ({increase >= 0 ? "+" : ""}
              {(increase * 100).toFixed(0)}%)
              {increase > ceiling + 1e-9 ? ` — above the ${(ceiling * 100).toFixed(0)}% price ceiling: this upgrade will not be shown.` : ""}
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

function DiscountFields({ values, update, err, currencyCode }: { values: RuleFormValues; update: Update; err: Err; currencyCode: string }) {
  const discount = values.discount;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Discount
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Select
            label="Discount on the offered product"
            options={[
              { label: "No discount", value: "none" },
              { label: "Percentage", value: "percentage" },
              { label: `Fixed amount (${currencyCode})`, value: "fixed_amount" },
            ]}
            value={discount.type}
            onChange={(type) => update({ discount: { ...discount, type: type as typeof discount.type } })}
          />
          {discount.type === "none" ? null : (
            <TextField
              label={discount.type === "percentage" ? "Percent off" : "Amount off"}
              type="number"
              min={0}
              suffix={discount.type === "percentage" ? "%" : currencyCode}
              value={discount.value}
              onChange={(value) => update({ discount: { ...discount, value } })}
              error={err("discount.value")}
              autoComplete="off"
            />
          )}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}

function ConditionsFields({ values, update, err, currencyCode }: { values: RuleFormValues; update: Update; err: Err; currencyCode: string }) {
  const conditions = values.conditions;
  const set = (patch: Partial<RuleFormValues["conditions"]>) => update({ conditions: { ...conditions, ...patch } });
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            Customer conditions
          </Text>
          <Text as="p" tone="subdued">
            Optional. Anonymous shoppers count as neither new nor returning.
          </Text>
        </BlockStack>
        <Select
          label="Customers"
          options={[
            { label: "Everyone", value: "any" },
            { label: "New customers (no previous order)", value: "new" },
            { label: "Returning customers", value: "returning" },
          ]}
          value={conditions.customer}
          onChange={(customer) => set({ customer: customer as typeof conditions.customer })}
        />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TagsInput
            label="Customer has any of these tags"
            values={conditions.customerTagsAny}
            onChange={(customerTagsAny) => set({ customerTagsAny })}
            error={err("conditions.customerTagsAny")}
          />
          <TagsInput
            label="Customer has none of these tags"
            values={conditions.customerTagsNone}
            onChange={(customerTagsNone) => set({ customerTagsNone })}
            error={err("conditions.customerTagsNone")}
          />
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TextField
            label="Cart subtotal at least"
            type="number"
            min={0}
            suffix={currencyCode}
            value={conditions.minSubtotal}
            onChange={(minSubtotal) => set({ minSubtotal })}
            error={err("conditions.minSubtotal")}
            autoComplete="off"
          />
          <TextField
            label="Cart subtotal at most"
            type="number"
            min={0}
            suffix={currencyCode}
            value={conditions.maxSubtotal}
            onChange={(maxSubtotal) => set({ maxSubtotal })}
            error={err("conditions.maxSubtotal") ?? err("conditions")}
            autoComplete="off"
          />
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
