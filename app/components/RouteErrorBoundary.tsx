// The admin pages' error boundary. Responses Shopify's authentication throws (re-auth, bounce) go to
// Shopify's own handler; a missing record (404) and unexpected errors get a Polaris page.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { EMPTY_STATE_IMAGE } from "./empty-state-image";

export function AdminErrorBoundary({ title, backUrl }: { title: string; backUrl?: string }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title={title} backAction={backUrl ? { content: "Back", url: backUrl } : undefined}>
        <Card>
          <EmptyState
            heading="Not found"
            image={EMPTY_STATE_IMAGE}
            action={backUrl ? { content: "Go back", url: backUrl } : undefined}
          >
            <p>It may have been deleted, or it belongs to another shop.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  if (isRouteErrorResponse(error)) return boundary.error(error);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Page title={title}>
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title="Something went wrong">
            <BlockStack gap="200">
              <Text as="p">
                This page could not be shown. Try again; if it keeps happening, contact support with the message below.
              </Text>
              <Text as="p" tone="subdued">
                {message}
              </Text>
              <div>
                <Button onClick={() => window.location.reload()}>Reload</Button>
              </div>
            </BlockStack>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
