// Rules: every cross-sell and upgrade rule of the shop in priority order, with search, filters
// (kind, status) and bulk enable/disable/delete.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Link,
  Modal,
  Page,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { AdminPage } from "../components/PendingPage";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { readPayload } from "../server/form-request.server";
import { SURFACE_LABELS } from "../rules/rule-form-schema";
import { useToast } from "../components/Toast";
import { RULE_STATUSES, type RuleStatus } from "../rules/rule-status";
import { bulkUpdateRules, listRules, type RuleSummary } from "../rules/rule.server";
import { authenticate } from "../shopify.server";

const filtersSchema = z.object({
  query: z.string().max(100).optional().catch(undefined),
  kind: z.enum(["CROSS_SELL", "UPGRADE"]).optional().catch(undefined),
  status: z.enum(RULE_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await listRules(session.shop, filters)), filters };
};

const bulkSchema = z.object({
  intent: z.enum(["enable", "disable", "delete"]),
  ids: z.array(z.string().min(1).max(64)).min(1, "Select at least one rule").max(250),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = bulkSchema.safeParse(await readPayload(request));
  if (!parsed.success)
    return data({ ok: false as const, error: "Choose an action and at least one rule" }, { status: 400 });
  const { intent, ids } = parsed.data;
  const count = await bulkUpdateRules(session.shop, ids, intent);
  if (count === null)
    return data({ ok: false as const, error: "Some of these rules no longer exist" }, { status: 404 });
  return { ok: true as const, intent, count };
};

const STATUS_BADGE: Record<RuleStatus, { tone?: "success" | "info" | "attention"; label: string }> = {
  active: { tone: "success", label: "Active" },
  scheduled: { tone: "info", label: "Scheduled" },
  ended: { label: "Ended" },
  disabled: { label: "Disabled" },
};
const KIND_LABEL = { CROSS_SELL: "Cross-sell", UPGRADE: "Upgrade" } as const;
const DONE = { enable: "enabled", disable: "disabled", delete: "deleted" } as const;

function surfacesText(rule: RuleSummary): string {
  if (rule.surfaces.length === 0 || rule.surfaces.length === Object.keys(SURFACE_LABELS).length) return "Everywhere";
  return rule.surfaces.map((surface) => SURFACE_LABELS[surface]).join(", ");
}

export default function RulesIndex() {
  const { rules, filters, page, pages, total, shopHasRules } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const fetcher = useFetcher<typeof action>();
  const toast = useToast();
  const { mode, setMode } = useSetIndexFiltersMode(IndexFiltersMode.Default);
  const [query, setQuery] = useState(filters.query ?? "");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const resources = useMemo(() => rules.map((rule) => ({ ...rule })), [rules]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(resources);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    setSearchParams(next, { replace: true, preventScrollReset: true });
  };

  // The search box updates the URL once typing pauses.
  const typing = useRef<ReturnType<typeof setTimeout>>();
  const onQueryChange = (value: string) => {
    setQuery(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => setParam("query", value.trim() || undefined), 300);
  };
  useEffect(() => () => clearTimeout(typing.current), []);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) {
      const { count, intent } = fetcher.data;
      toast.show(`${count} ${count === 1 ? "rule" : "rules"} ${DONE[intent]}`);
      clearSelection();
    } else toast.show(fetcher.data.error, { isError: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per action result
  }, [fetcher.state, fetcher.data]);

  const bulk = (intent: "enable" | "disable" | "delete") =>
    fetcher.submit({ intent, ids: selectedResources }, { method: "post", encType: "application/json" });

  const appliedFilters = [
    ...(filters.kind
      ? [{ key: "kind", label: `Type: ${KIND_LABEL[filters.kind]}`, onRemove: () => setParam("kind", undefined) }]
      : []),
    ...(filters.status
      ? [
          {
            key: "status",
            label: `Status: ${STATUS_BADGE[filters.status].label}`,
            onRemove: () => setParam("status", undefined),
          },
        ]
      : []),
  ];

  const createActions = {
    primaryAction: { content: "Create cross-sell rule", url: "/app/rules/new?kind=CROSS_SELL" },
    secondaryActions: [{ content: "Create upgrade rule", url: "/app/rules/new?kind=UPGRADE" }],
  };

  if (!shopHasRules) {
    return (
      <AdminPage>
        <Page title="Rules">
          <Card>
            <EmptyState
              heading="Offer the right product at the right moment"
              image={EMPTY_STATE_IMAGE}
              action={{ content: "Create cross-sell rule", url: "/app/rules/new?kind=CROSS_SELL" }}
              secondaryAction={{ content: "Create upgrade rule", url: "/app/rules/new?kind=UPGRADE" }}
            >
              <p>
                Rules put your own pairings first: “with an espresso machine, offer a tamper”, or “suggest the Pro model
                instead”. Without rules, Pairwise offers what your customers buy together.
              </p>
            </EmptyState>
          </Card>
        </Page>
      </AdminPage>
    );
  }

  const rows = rules.map((rule, index) => (
    <IndexTable.Row id={rule.id} key={rule.id} position={index} selected={selectedResources.includes(rule.id)}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Link url={`/app/rules/${rule.id}`} monochrome removeUnderline dataPrimaryLink>
            <Text as="span" fontWeight="semibold">
              {rule.name}
            </Text>
          </Link>
          {rule.discount ? (
            <Text as="span" tone="subdued" variant="bodySm">
              {rule.discount}
            </Text>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{KIND_LABEL[rule.kind]}</IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          <Badge tone={STATUS_BADGE[rule.status].tone}>{STATUS_BADGE[rule.status].label}</Badge>
          {rule.invalid ? <Badge tone="critical">Invalid</Badge> : null}
          {rule.stopHere ? <Badge tone="attention">Stops here</Badge> : null}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" truncate>
          {rule.trigger}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" truncate>
          {rule.offer}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{surfacesText(rule)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric alignment="end">
          {rule.priority}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <AdminPage>
      <Page
        title="Rules"
        subtitle="Rules run in priority order (lowest first), before the recommender."
        {...createActions}
      >
        <Card padding="0">
          <IndexFilters
            tabs={[{ id: "all", content: "All rules" }]}
            selected={0}
            onSelect={() => {}}
            queryValue={query}
            queryPlaceholder="Search rules by name"
            onQueryChange={onQueryChange}
            onQueryClear={() => onQueryChange("")}
            filters={[
              {
                key: "kind",
                label: "Type",
                shortcut: true,
                filter: (
                  <ChoiceList
                    title="Type"
                    titleHidden
                    choices={[
                      { label: "Cross-sell", value: "CROSS_SELL" },
                      { label: "Upgrade", value: "UPGRADE" },
                    ]}
                    selected={filters.kind ? [filters.kind] : []}
                    onChange={([value]) => setParam("kind", value)}
                  />
                ),
              },
              {
                key: "status",
                label: "Status",
                shortcut: true,
                filter: (
                  <ChoiceList
                    title="Status"
                    titleHidden
                    choices={RULE_STATUSES.map((status) => ({ label: STATUS_BADGE[status].label, value: status }))}
                    selected={filters.status ? [filters.status] : []}
                    onChange={([value]) => setParam("status", value)}
                  />
                ),
              },
            ]}
            appliedFilters={appliedFilters}
            onClearAll={() => {
              setQuery("");
              setSearchParams(new URLSearchParams(), { replace: true });
            }}
            mode={mode}
            setMode={setMode}
            canCreateNewView={false}
            loading={navigation.state === "loading" && navigation.location.pathname === "/app/rules"}
          />
          <IndexTable
            resourceName={{ singular: "rule", plural: "rules" }}
            itemCount={rules.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              { content: "Enable", onAction: () => bulk("enable") },
              { content: "Disable", onAction: () => bulk("disable") },
            ]}
            bulkActions={[{ content: "Delete rules", onAction: () => setConfirmDelete(true) }]}
            headings={[
              { title: "Name" },
              { title: "Type" },
              { title: "Status" },
              { title: "Trigger" },
              { title: "Offer" },
              { title: "Shown on" },
              { title: "Priority", alignment: "end" },
            ]}
            loading={fetcher.state !== "idle"}
            emptyState={
              <EmptyState heading="No rules match" image={EMPTY_STATE_IMAGE}>
                <p>Try another search or remove a filter.</p>
              </EmptyState>
            }
            pagination={{
              hasPrevious: page > 1,
              hasNext: page < pages,
              label: `${total} ${total === 1 ? "rule" : "rules"} · page ${page} of ${pages}`,
              onPrevious: () => navigate(`?${withPage(searchParams, page - 1)}`),
              onNext: () => navigate(`?${withPage(searchParams, page + 1)}`),
            }}
          >
            {rows}
          </IndexTable>
        </Card>
        <Modal
          open={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={`Delete ${selectedResources.length} ${selectedResources.length === 1 ? "rule" : "rules"}?`}
          primaryAction={{
            content: "Delete",
            destructive: true,
            loading: fetcher.state !== "idle",
            onAction: () => {
              bulk("delete");
              setConfirmDelete(false);
            },
          }}
          secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
        >
          <Modal.Section>
            <Text as="p">This can’t be undone. The offers these rules make stop at once.</Text>
          </Modal.Section>
        </Modal>
        {toast.markup}
      </Page>
    </AdminPage>
  );
}

function withPage(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams(params);
  if (page > 1) next.set("page", String(page));
  else next.delete("page");
  return next.toString();
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Rules" />;
}
