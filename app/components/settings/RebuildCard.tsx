// Settings' recommendations card: what the recommender has learned, its rebuild job, and the button.
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Spinner, Text } from "@shopify/polaris";
import type { recommenderStatus } from "../../settings/settings.server";
import { LocalTime } from "../LocalTime";

export function RebuildCard({
  status,
  busy,
  onRebuild,
}: {
  status: Awaited<ReturnType<typeof recommenderStatus>>;
  busy: boolean;
  onRebuild: () => void;
}) {
  const job = status.job;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            Recommendations
          </Text>
          {job ? (
            <Badge tone="attention">
              {job.state === "running" ? "Rebuilding" : job.state === "retrying" ? "Retrying" : "Queued"}
            </Badge>
          ) : null}
        </InlineStack>
        <Text as="p" tone="subdued">
          {status.pairs.toLocaleString("en")} product pairs from your orders;{" "}
          {status.productsWithNeighbours.toLocaleString("en")} products have recommendations.
          {status.rebuiltAt ? (
            <>
              {" "}
              Last built <LocalTime iso={status.rebuiltAt} />.
            </>
          ) : (
            " Not built yet."
          )}
        </Text>
        {job ? (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Spinner size="small" accessibilityLabel="Rebuilding" />
              <Text as="span">
                {job.state === "running" ? "Rebuilding since " : "Queued "}
                <LocalTime iso={job.since} />
              </Text>
            </InlineStack>
            {job.lastError ? (
              <Banner tone="warning" title="The last attempt failed; it will be retried">
                <p>{job.lastError.split("\n")[0]}</p>
              </Banner>
            ) : null}
          </BlockStack>
        ) : null}
        <InlineStack>
          <Button onClick={onRebuild} loading={busy} disabled={job !== null}>
            Rebuild recommendations
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
