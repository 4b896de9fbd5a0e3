// The history import's progress (latest backfill run): a badge and a progress bar of rows imported.
import { Badge, BlockStack, ProgressBar, Text } from "@shopify/polaris";
import { LocalTime } from "./LocalTime";

export interface BackfillProgressView {
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const BACKFILL_LABEL: Record<string, { label: string; tone?: "success" | "critical" | "attention" | "info" }> = {
  PENDING: { label: "Starting", tone: "info" },
  RUNNING: { label: "Exporting from Shopify", tone: "attention" },
  IMPORTING: { label: "Importing", tone: "attention" },
  COMPLETED: { label: "Imported", tone: "success" },
  FAILED: { label: "Failed", tone: "critical" },
};

export function BackfillBadge({ status }: { status: string }) {
  const badge = BACKFILL_LABEL[status] ?? { label: status };
  return <Badge tone={badge.tone}>{badge.label}</Badge>;
}

export function BackfillDetails({ progress }: { progress: BackfillProgressView | null }) {
  if (!progress) {
    return (
      <Text as="p" tone="subdued">
        No history imported yet. Import past orders so recommendations don’t have to wait for new ones.
      </Text>
    );
  }
  const share = progress.rowsTotal
    ? Math.min(100, Math.round((progress.rowsDone / progress.rowsTotal) * 100))
    : progress.status === "COMPLETED"
      ? 100
      : 0;
  return (
    <BlockStack gap="200">
      <ProgressBar
        progress={share}
        size="small"
        tone={progress.status === "FAILED" ? "critical" : progress.status === "COMPLETED" ? "success" : "primary"}
      />
      <Text as="p" tone="subdued">
        {progress.rowsDone.toLocaleString("en")}
        {progress.rowsTotal ? ` of ${progress.rowsTotal.toLocaleString("en")}` : ""} records · started{" "}
        <LocalTime iso={progress.startedAt} />
        {progress.finishedAt ? (
          <>
            {" "}
            · finished <LocalTime iso={progress.finishedAt} />
          </>
        ) : null}
      </Text>
      {progress.error ? (
        <Text as="p" tone="critical">
          {progress.error}
        </Text>
      ) : null}
    </BlockStack>
  );
}
