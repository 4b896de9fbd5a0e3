// The cross-sell / upgrade rule form. Its state is RuleFormValues; the schema that the action runs
// (rule-form-schema.ts) runs here too, so errors appear next to their fields before submitting.
// Each card is a section of its own in this folder.
import { BlockStack, Card, Layout, Page, TextField } from "@shopify/polaris";
import type { PageProps } from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { CatalogFacets } from "../../catalog/admin-catalog.server";
import { errorFor, type FieldErrors } from "../../forms/field-errors";
import {
  parseRuleForm,
  type CrossSellValues,
  type RuleFormValues,
  type UpgradeValues,
} from "../../rules/rule-form-schema";
import type { PickerItem } from "../catalog-client";
import { UnsavedChanges } from "../UnsavedChanges";
import { ConditionsSection } from "./ConditionsSection";
import { DiscountSection } from "./DiscountSection";
import { ErrorSummary } from "./ErrorSummary";
import { OfferSection } from "./OfferSection";
import { ScheduleSection } from "./ScheduleSection";
import { StatusSection } from "./StatusSection";
import { SurfacesSection } from "./SurfacesSection";
import { TriggerSection } from "./TriggerSection";
import { UpgradeSection } from "./UpgradeSection";

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
  const remember = (picked: PickerItem[]) =>
    setItems((current) => ({ ...current, ...Object.fromEntries(picked.map((item) => [item.id, item])) }));
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
    <Page
      {...props.page}
      primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !props.isNew && !dirty }}
    >
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
          {Object.keys(errors).length > 0 ? <ErrorSummary errors={errors} /> : null}
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
                  <>
                    <TriggerSection
                      values={values}
                      update={update}
                      err={err}
                      triggerError={errors.trigger}
                      facets={props.facets}
                      itemsFor={itemsFor}
                      remember={remember}
                    />
                    <OfferSection values={values} update={update} err={err} itemsFor={itemsFor} remember={remember} />
                  </>
                ) : (
                  <UpgradeSection
                    values={values}
                    update={update}
                    err={err}
                    items={items}
                    remember={remember}
                    currencyCode={props.currencyCode}
                    shopCeiling={props.shopCeiling}
                  />
                )}
                <DiscountSection values={values} update={update} err={err} currencyCode={props.currencyCode} />
                <ConditionsSection values={values} update={update} err={err} currencyCode={props.currencyCode} />
              </BlockStack>
            </Layout.Section>
            <Layout.Section variant="oneThird">
              <BlockStack gap="400">
                <StatusSection values={values} update={update} err={err} />
                <SurfacesSection values={values} update={update} err={err} />
                <ScheduleSection values={values} update={update} err={err} />
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
