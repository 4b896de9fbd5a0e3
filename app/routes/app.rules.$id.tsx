// Create (/app/rules/new?kind=CROSS_SELL|UPGRADE) or edit one rule. The form and this action run
// the same schema; the action also checks that every id the rule names is this shop's.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, Banner, ButtonGroup, Button, Modal, Text } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { AdminPage } from "../components/PendingPage";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { useToast } from "../components/Toast";
import { SKIP_GUARD } from "../components/UnsavedChanges";
import type { FieldErrors } from "../forms/field-errors";
import { notFound, readPayload } from "../server/form-request.server";
import { RuleForm } from "../components/rules/RuleForm";
import { emptyRuleValues, parseRuleForm, type RuleFormValues } from "../rules/rule-form-schema";
import { catalogFacets, collectionsByIds, productsByIds } from "../catalog/admin-catalog.server";
import {
  checkRuleReferences,
  createRule,
  deleteRule,
  getRuleForEdit,
  ruleKind,
  updateRule,
} from "../rules/rule.server";
import { ruleFormContext } from "../settings/settings.server";
import { authenticate } from "../shopify.server";

const NEW = "new";
const kindParam = z.enum(["CROSS_SELL", "UPGRADE"]).catch("CROSS_SELL");

function referencedIds(values: RuleFormValues) {
  if (values.kind === "CROSS_SELL") {
    return {
      products: [...values.trigger.productIds, ...values.offer.productIds],
      collections: values.trigger.collectionIds,
    };
  }
  return { products: [values.trigger.productId, values.offer.productId].filter(Boolean), collections: [] };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const id = params.id ?? NEW;
  const rule =
    id === NEW
      ? (() => {
          const kind = kindParam.parse(new URL(request.url).searchParams.get("kind") ?? undefined);
          return { id: null, kind, values: emptyRuleValues(kind), invalid: null, updatedAt: null };
        })()
      : await getRuleForEdit(shop, id);
  if (!rule) notFound("Rule not found");
  const refs = referencedIds(rule.values);
  const [products, collections, facets, context] = await Promise.all([
    productsByIds(shop, refs.products),
    collectionsByIds(shop, refs.collections),
    catalogFacets(shop),
    ruleFormContext(shop),
  ]);
  return {
    ...rule,
    items: Object.fromEntries([...products, ...collections].map((item) => [item.id, item])),
    facets,
    ...context,
  };
};

const intentSchema = z.object({ intent: z.enum(["save", "delete"]) });

type ActionResult =
  | { ok: true; id: string; created: boolean; deleted?: false }
  | { ok: true; deleted: true }
  | { ok: false; errors: FieldErrors; message: string };

const failure = (status: 400 | 404, message: string, errors: FieldErrors = {}) =>
  data<ActionResult>({ ok: false, errors, message }, { status });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const id = params.id ?? NEW;
  const payload = await readPayload(request);
  const intent = intentSchema.safeParse(payload);
  if (!intent.success) return failure(400, "Unknown action");

  if (intent.data.intent === "delete") {
    if (id === NEW || !(await deleteRule(shop, id))) return failure(404, "Rule not found");
    return data<ActionResult>({ ok: true, deleted: true });
  }

  const parsed = parseRuleForm(payload.rule);
  if (!parsed.success) return failure(400, "Fix the highlighted fields", parsed.errors);
  const rule = parsed.data;
  if (id !== NEW) {
    const kind = await ruleKind(shop, id);
    if (!kind) return failure(404, "Rule not found");
    if (kind !== rule.kind)
      return failure(400, "A rule’s type can’t change", {
        kind: "A rule’s type can’t change: create a new rule instead",
      });
  }
  const references = await checkRuleReferences(shop, rule);
  if (Object.keys(references).length > 0)
    return failure(400, "Some chosen products are not in your catalog", references);

  if (id === NEW) {
    const created = await createRule(shop, rule);
    return data<ActionResult>({ ok: true, id: created.id, created: true });
  }
  if (!(await updateRule(shop, id, rule))) return failure(404, "Rule not found");
  return data<ActionResult>({ ok: true, id, created: false });
};

const NO_ERRORS: FieldErrors = {};
const STATUS = { true: { tone: "success" as const, label: "Enabled" }, false: { tone: undefined, label: "Disabled" } };

export default function RulePage() {
  const rule = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const toast = useToast();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const isNew = rule.id === null;
  const kindLabel = rule.kind === "CROSS_SELL" ? "cross-sell" : "upgrade";

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result) return;
    if (!result.ok) {
      toast.show(result.message, { isError: true });
    } else if (result.deleted) {
      navigate("/app/rules", { state: { ...SKIP_GUARD, toast: "Rule deleted" } });
    } else if (result.created) {
      navigate(`/app/rules/${result.id}`, { replace: true, state: { ...SKIP_GUARD, toast: "Rule created" } });
    } else {
      toast.show("Rule saved");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per action result
  }, [fetcher.state, fetcher.data]);

  // fetcher.data: the form's own submissions; actionData: a plain POST to this URL (no JavaScript).
  const actionData = useActionData<typeof action>();
  const result = fetcher.data ?? actionData;
  const serverErrors = useMemo(() => (result && !result.ok ? result.errors : NO_ERRORS), [result]);
  const saving = fetcher.state !== "idle" && fetcher.formMethod === "POST";

  const header = (
    <>
      {isNew ? (
        <ButtonGroup variant="segmented">
          {(["CROSS_SELL", "UPGRADE"] as const).map((kind) => (
            <Button
              key={kind}
              pressed={rule.kind === kind}
              onClick={() => setSearchParams({ kind }, { replace: true })}
            >
              {kind === "CROSS_SELL" ? "Cross-sell: offer more products" : "Upgrade: suggest a premium version"}
            </Button>
          ))}
        </ButtonGroup>
      ) : null}
      {rule.invalid ? (
        <Banner tone="critical" title="This rule is skipped: its stored settings are invalid">
          <p>{rule.invalid}. Saving it again with valid choices fixes it.</p>
        </Banner>
      ) : null}
      {serverErrors.kind ? <Banner tone="critical" title={serverErrors.kind} /> : null}
    </>
  );

  return (
    <AdminPage>
      <RuleForm
        key={`${rule.id ?? NEW}:${rule.kind}:${rule.updatedAt ?? ""}`}
        initial={rule.values}
        items={rule.items}
        facets={rule.facets}
        currencyCode={rule.currencyCode}
        shopCeiling={rule.upgradePriceCeiling}
        serverErrors={serverErrors}
        saving={saving}
        isNew={isNew}
        onSave={(values) =>
          fetcher.submit({ intent: "save", rule: values } as never, { method: "post", encType: "application/json" })
        }
        onInvalid={() => toast.show("Fix the highlighted fields", { isError: true })}
        header={header}
        page={{
          title: isNew ? `New ${kindLabel} rule` : rule.values.name,
          backAction: { content: "Rules", url: "/app/rules" },
          titleMetadata: isNew ? undefined : (
            <Badge tone={STATUS[`${rule.values.enabled}`].tone}>{STATUS[`${rule.values.enabled}`].label}</Badge>
          ),
          secondaryActions: isNew
            ? []
            : [
                { content: "Preview", url: `/app/preview?${previewQuery(rule.values)}` },
                { content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) },
              ],
        }}
      />
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this rule?"
        primaryAction={{
          content: "Delete",
          destructive: true,
          loading: fetcher.state !== "idle",
          onAction: () => {
            setConfirmDelete(false);
            fetcher.submit({ intent: "delete" }, { method: "post", encType: "application/json" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">This can’t be undone. The offers this rule makes stop at once.</Text>
        </Modal.Section>
      </Modal>
      {toast.markup}
    </AdminPage>
  );
}

/** Preview the rule's first trigger product. */
function previewQuery(values: RuleFormValues): string {
  const product = values.kind === "CROSS_SELL" ? values.trigger.productIds[0] : values.trigger.productId;
  return product ? new URLSearchParams({ product }).toString() : "";
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Rule" backUrl="/app/rules" />;
}
