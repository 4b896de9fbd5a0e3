// Settings: guardrails, recommender parameters and widget texts (one form, one schema), and the
// data jobs: rebuild the recommendations, re-import order history, each with its progress.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { BackfillBadge, BackfillDetails } from "../components/BackfillProgress";
import { RebuildCard } from "../components/settings/RebuildCard";
import { AdminPage } from "../components/PendingPage";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { useToast } from "../components/Toast";
import { UnsavedChanges } from "../components/UnsavedChanges";
import { errorFor, type FieldErrors } from "../forms/field-errors";
import { readPayload } from "../server/form-request.server";
import {
  parseSettingsForm,
  SIMILARITY_CHOICES,
  SIMILARITY_HELP,
  WIDGET_TEXT_FIELDS,
  type SettingsValues,
  type SimilarityChoice,
} from "../settings/settings-schema";
import {
  backfillProgress,
  getSettingsForm,
  isBackfillActive,
  recommenderChanged,
  recommenderStatus,
  requestRebuild,
  requestReimport,
  updateSettings,
} from "../settings/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, recommender, backfill] = await Promise.all([
    getSettingsForm(session.shop),
    recommenderStatus(session.shop),
    backfillProgress(session.shop),
  ]);
  return { ...settings, recommender, backfill, importing: isBackfillActive(backfill) };
};

const REIMPORT_DAYS = { "60": 60, "365": 365, all: null } as const;
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), settings: z.unknown() }),
  z.object({ intent: z.literal("rebuild") }),
  z.object({ intent: z.literal("reimport"), days: z.enum(["60", "365", "all"]).default("60") }),
]);

type ActionResult =
  | { ok: true; intent: "save"; rebuilding: boolean }
  | { ok: true; intent: "rebuild" | "reimport" }
  | { ok: false; message: string; errors: FieldErrors };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const parsed = actionSchema.safeParse(await readPayload(request));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: "Unknown action", errors: {} }, { status: 400 });
  const payload = parsed.data;
  if (payload.intent === "rebuild") {
    await requestRebuild(shop);
    return data<ActionResult>({ ok: true, intent: "rebuild" });
  }
  if (payload.intent === "reimport") {
    if (!(await requestReimport(shop, REIMPORT_DAYS[payload.days]))) {
      return data<ActionResult>({ ok: false, message: "An import is already running", errors: {} }, { status: 409 });
    }
    return data<ActionResult>({ ok: true, intent: "reimport" });
  }
  const settings = parseSettingsForm(payload.settings);
  if (!settings.success)
    return data<ActionResult>(
      { ok: false, message: "Fix the highlighted fields", errors: settings.errors },
      { status: 400 },
    );
  const before = (await getSettingsForm(shop)).values;
  await updateSettings(shop, settings.data);
  // New recommender parameters apply from the next rebuild: start it now.
  const rebuilding = recommenderChanged(before, settings.data);
  if (rebuilding) await requestRebuild(shop);
  return data<ActionResult>({ ok: true, intent: "save", rebuilding });
};

const NO_ERRORS: FieldErrors = {};
const POLL_MS = 2000;

export default function Settings() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const toast = useToast();
  const revalidator = useRevalidator();
  const [values, setValues] = useState<SettingsValues>(loaded.values);
  const [baseline, setBaseline] = useState(loaded.values);
  const [submitted, setSubmitted] = useState(false);
  // A save (or another tab) changed the stored settings: start from them.
  if (loaded.values !== baseline && JSON.stringify(loaded.values) !== JSON.stringify(baseline)) {
    setBaseline(loaded.values);
    setValues(loaded.values);
    setSubmitted(false);
  }
  const dirty = JSON.stringify(values) !== JSON.stringify(baseline);
  const actionData = useActionData<typeof action>();
  const result = fetcher.data;
  const shownResult = fetcher.data ?? actionData;
  const serverErrors = useMemo(() => (shownResult && !shownResult.ok ? shownResult.errors : NO_ERRORS), [shownResult]);
  const clientErrors = useMemo(() => {
    if (!submitted) return NO_ERRORS;
    const parsed = parseSettingsForm(values);
    return parsed.success ? NO_ERRORS : parsed.errors;
  }, [submitted, values]);
  const errors = { ...serverErrors, ...clientErrors };
  const err = (path: string) => errorFor(errors, path);
  const busy = fetcher.state !== "idle";
  const savingIntent = busy ? (fetcher.json as { intent?: string } | undefined)?.intent : undefined;

  useEffect(() => {
    if (fetcher.state !== "idle" || !result) return;
    if (!result.ok) toast.show(result.message, { isError: true });
    else if (result.intent === "save")
      toast.show(result.rebuilding ? "Settings saved; rebuilding recommendations" : "Settings saved");
    else toast.show(result.intent === "rebuild" ? "Rebuild queued" : "History import started");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per action result
  }, [fetcher.state, result]);

  // While a job runs, refresh its progress.
  const running = loaded.recommender.job !== null || loaded.importing;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const set =
    <K extends keyof SettingsValues>(key: K) =>
    (value: SettingsValues[K]) =>
      setValues((current) => ({ ...current, [key]: value }));
  const save = () => {
    setSubmitted(true);
    if (!parseSettingsForm(values).success) {
      toast.show("Fix the highlighted fields", { isError: true });
      return;
    }
    fetcher.submit({ intent: "save", settings: values } as never, { method: "post", encType: "application/json" });
  };
  const [reimportDays, setReimportDays] = useState<"60" | "365" | "all">("60");
  const number = (
    key: keyof SettingsValues,
    label: string,
    options: { suffix?: string; help: string; step?: number },
  ) => (
    <TextField
      label={label}
      type="number"
      value={values[key] as string}
      onChange={set(key) as (value: string) => void}
      error={err(key)}
      suffix={options.suffix}
      helpText={options.help}
      step={options.step}
      autoComplete="off"
    />
  );

  return (
    <AdminPage>
      <Page
        title="Settings"
        primaryAction={{ content: "Save", onAction: save, disabled: !dirty, loading: savingIntent === "save" }}
      >
        <BlockStack gap="500">
          <UnsavedChanges
            id="settings-save-bar"
            dirty={dirty}
            saving={savingIntent === "save"}
            onSave={save}
            onDiscard={() => {
              setValues(baseline);
              setSubmitted(false);
            }}
          />
          <Layout>
            <Layout.AnnotatedSection
              id="guardrails"
              title="Guardrails"
              description="Limits that keep offers helpful: they apply to every rule and recommendation on every surface."
            >
              <Card>
                <FormLayout>
                  <FormLayout.Group>
                    {number("maxOffersPerSurface", "Offers per surface", {
                      help: "At most this many offers in one place (1–10).",
                    })}
                    {number("upgradePriceCeiling", "Upgrade price ceiling", {
                      suffix: "%",
                      help: "An upgrade may cost at most this much more than the item it replaces.",
                    })}
                  </FormLayout.Group>
                  <FormLayout.Group>
                    {number("relevanceThreshold", "Relevance threshold", {
                      step: 0.01,
                      help: "Recommendations scoring below this (0–1) are not shown. Your rules and pins are exempt.",
                    })}
                    {number("frequencyCapHours", "Frequency cap", {
                      suffix: "hours",
                      help: "Don’t repeat an offer a shopper dismissed or accepted within this window. 0 turns it off.",
                    })}
                  </FormLayout.Group>
                  {number("holdoutShare", "Holdout group", {
                    suffix: "%",
                    help: "Share of shoppers who see no offers, so the lift offers bring can be measured. 0 turns it off.",
                  })}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              id="recommender"
              title="Recommender"
              description="How “bought together” is measured. Changes take effect after the recommendations are rebuilt, which starts when you save."
            >
              <Card>
                <FormLayout>
                  <Select
                    label="Similarity measure"
                    options={SIMILARITY_CHOICES.map((name) => ({
                      label: name === "default" ? "Recommended" : name,
                      value: name,
                    }))}
                    value={values.similarity}
                    onChange={(value) => set("similarity")(value as SimilarityChoice)}
                    helpText={SIMILARITY_HELP[values.similarity]}
                    error={err("similarity")}
                  />
                  <FormLayout.Group>
                    {number("halfLifeDays", "Half-life", {
                      suffix: "days",
                      help: "Older orders count half as much after this many days. Empty: all orders count fully.",
                    })}
                    {number("minSupport", "Minimum support", {
                      suffix: "orders",
                      help: "A pair needs at least this many orders together to be recommended.",
                    })}
                  </FormLayout.Group>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              id="texts"
              title="Widget texts"
              description="Your wording for the storefront widgets, shown in every language. A heading set on the block in the theme editor takes precedence; leave a field empty to use the theme’s translated default."
            >
              <Card>
                <FormLayout>
                  {WIDGET_TEXT_FIELDS.map((field) => (
                    <TextField
                      key={field.key}
                      label={field.label}
                      value={values.widgetTexts[field.key]}
                      placeholder={field.placeholder}
                      onChange={(text) =>
                        setValues((current) => ({
                          ...current,
                          widgetTexts: { ...current.widgetTexts, [field.key]: text },
                        }))
                      }
                      error={err(`widgetTexts.${field.key}`)}
                      maxLength={80}
                      autoComplete="off"
                    />
                  ))}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              id="data"
              title="Data"
              description="Pairwise keeps itself up to date from your orders. Use these if something looks off."
            >
              <BlockStack gap="400">
                <RebuildCard
                  status={loaded.recommender}
                  busy={savingIntent === "rebuild"}
                  onRebuild={() =>
                    fetcher.submit({ intent: "rebuild" }, { method: "post", encType: "application/json" })
                  }
                />
                <Card>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h2" variant="headingSm">
                        Order history
                      </Text>
                      {loaded.backfill ? <BackfillBadge status={loaded.backfill.status} /> : null}
                    </InlineStack>
                    <BackfillDetails progress={loaded.backfill} />
                    <InlineStack gap="200" blockAlign="end">
                      <Box minWidth="12rem">
                        <Select
                          label="Import"
                          options={[
                            { label: "Last 60 days", value: "60" },
                            { label: "Last 12 months", value: "365" },
                            { label: "All history", value: "all" },
                          ]}
                          value={reimportDays}
                          onChange={(value) => setReimportDays(value as typeof reimportDays)}
                          disabled={loaded.importing}
                        />
                      </Box>
                      <Button
                        onClick={() =>
                          fetcher.submit(
                            { intent: "reimport", days: reimportDays },
                            { method: "post", encType: "application/json" },
                          )
                        }
                        loading={savingIntent === "reimport"}
                        disabled={loaded.importing}
                      >
                        Re-import history
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Card>
              </BlockStack>
            </Layout.AnnotatedSection>
          </Layout>
        </BlockStack>
        {toast.markup}
      </Page>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Settings" />;
}
