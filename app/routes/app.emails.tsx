// The outbox of post-purchase emails: each email with its status (scheduled, sending, sent,
// skipped and why, failed and the error), and a preview of the selected one rendered exactly as
// the customer gets it (app/email/email-outbox.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { EMAIL_STATUSES, type EmailStatusName } from "../email/statuses";
import { listOutbox, outboxPreview, outboxSettings } from "../email/email-outbox.server";
import { authenticate } from "../shopify.server";

const PAGE_SIZE = 25;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const params = new URL(request.url).searchParams;
  const statusParam = params.get("status");
  const status = EMAIL_STATUSES.includes(statusParam as EmailStatusName) ? (statusParam as EmailStatusName) : undefined;
  const cursor = params.get("cursor") ?? undefined;
  const previewId = params.get("preview");
  const [outbox, settings, preview] = await Promise.all([
    listOutbox(shop, { status, cursor, take: PAGE_SIZE }),
    outboxSettings(shop),
    previewId ? outboxPreview(shop, previewId) : Promise.resolve(null),
  ]);
  return {
    rows: outbox.rows.map((row) => ({
      ...row,
      scheduledFor: row.scheduledFor.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: outbox.nextCursor,
    status: status ?? "",
    settings,
    previewId,
    preview,
  };
};

const TONES: Record<EmailStatusName, "info" | "attention" | "success" | "critical" | undefined> = {
  SCHEDULED: "info",
  SENDING: "attention",
  SENT: "success",
  SKIPPED: undefined,
  FAILED: "critical",
};

const REASONS: Record<string, string> = {
  disabled: "Emails turned off",
  uninstalled: "App uninstalled",
  order_missing: "Order deleted",
  cancelled: "Order cancelled",
  refunded: "Order refunded",
  no_customer: "No customer",
  unsubscribed: "Unsubscribed",
  cap: "Already emailed recently",
  no_consent: "No email marketing consent",
  holdout: "Holdout group",
  no_offers: "Nothing to offer",
};

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "—";

export default function Emails() {
  const { rows, nextCursor, status, settings, previewId, preview } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next.toString()}`, { preventScrollReset: true });
  };

  return (
    <Page
      title="Post-purchase emails"
      subtitle="One email per order, after the delay you set, only to customers who agreed to marketing email."
    >
      <Layout>
        {settings && !settings.emailEnabled ? (
          <Layout.Section>
            <Banner tone="info" title="Post-purchase emails are off">
              <p>Turn them on in Settings. Orders placed while they are off get no email.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" tone="subdued">
                  {settings
                    ? `Sent ${settings.emailDelayHours} h after the order; at most one per customer every ${settings.emailCapDays} days.`
                    : ""}
                </Text>
                <Select
                  label="Status"
                  labelInline
                  options={[
                    { label: "All", value: "" },
                    ...EMAIL_STATUSES.map((value) => ({ label: value.toLowerCase(), value })),
                  ]}
                  value={status}
                  onChange={(value) => go({ status: value, cursor: null, preview: null })}
                />
              </InlineStack>
            </Box>
            <IndexTable
              resourceName={{ singular: "email", plural: "emails" }}
              itemCount={rows.length}
              selectable={false}
              headings={[
                { title: "Order" },
                { title: "Status" },
                { title: "Products" },
                { title: "Scheduled for" },
                { title: "Sent" },
                { title: "Attempts", alignment: "end" },
                { title: "Details" },
              ]}
              emptyState={
                <Box padding="600">
                  <Text as="p" alignment="center" tone="subdued">
                    No emails yet. They appear here when orders arrive while emails are on.
                  </Text>
                </Box>
              }
            >
              {rows.map((row, index) => (
                <IndexTable.Row
                  id={row.id}
                  key={row.id}
                  position={index}
                  selected={row.id === previewId}
                  onClick={() => go({ preview: row.id })}
                >
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {row.orderName ?? `#${row.orderId}`}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={TONES[row.status]}>{row.status.toLowerCase()}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.productTitles.join(", ") || "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{when(row.scheduledFor)}</IndexTable.Cell>
                  <IndexTable.Cell>{when(row.sentAt)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.attempts}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" tone={row.status === "FAILED" ? "critical" : "subdued"} truncate>
                      {row.status === "SKIPPED"
                        ? (REASONS[row.skipReason ?? ""] ?? row.skipReason)
                        : (row.lastError ?? row.discountCode ?? "")}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
            {nextCursor || params.get("cursor") ? (
              <Box padding="300">
                <InlineStack gap="200">
                  {params.get("cursor") ? (
                    <Button onClick={() => go({ cursor: null, preview: null })}>Newest</Button>
                  ) : null}
                  {nextCursor ? <Button onClick={() => go({ cursor: nextCursor, preview: null })}>Older</Button> : null}
                </InlineStack>
              </Box>
            ) : null}
          </Card>
        </Layout.Section>
        {previewId ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {preview ? preview.subject : "No preview"}
                  </Text>
                  <Button variant="plain" onClick={() => go({ preview: null })}>
                    Close
                  </Button>
                </InlineStack>
                {preview ? (
                  <>
                    <Text as="p" tone="subdued">
                      {preview.source === "stored"
                        ? `As sent${preview.to ? ` to ${preview.to}` : ""}.`
                        : "What this email would contain if it were sent now."}
                    </Text>
                    {/* The email in a sandbox: no scripts, no navigation away from the admin. */}
                    <iframe
                      title="Email preview"
                      sandbox=""
                      srcDoc={preview.html}
                      style={{ width: "100%", height: 720, border: "1px solid #e3e3e3", borderRadius: 8 }}
                    />
                  </>
                ) : (
                  <Text as="p" tone="subdued">
                    Nothing to show: this email was skipped before any product was chosen, and the engine has nothing to
                    offer for it now.
                  </Text>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
