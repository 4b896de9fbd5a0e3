import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text, Banner } from "@shopify/polaris";
import { getShopStatus } from "../models/shop-status.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { status: await getShopStatus(session.shop) };
};

function Metric({ label, value }: { label: string; value: string | number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const { status } = useLoaderData<typeof loader>();
  const receiving = status.ordersIngested > 0;
  return (
    <Page title={status.shopName ? `Pairwise for ${status.shopName}` : "Pairwise"}>
      <Layout>
        <Layout.Section>
          {receiving ? (
            <Banner tone="success" title="Pairwise is receiving your orders">
              <p>
                {status.ordersCounted.toLocaleString("en")} orders feed the recommendations
                {status.lastOrderAt ? `; the latest arrived ${new Date(status.lastOrderAt).toLocaleString("en")}` : ""}.
              </p>
            </Banner>
          ) : (
            <Banner tone="info" title="Waiting for your first orders">
              <p>Pairwise learns which products are bought together from your orders.</p>
            </Banner>
          )}
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Metric label="Products" value={status.products} />
            <Metric label="Orders ingested" value={status.ordersIngested} />
            <Metric label="Orders counted" value={status.ordersCounted} />
            <Metric label="Rules" value={status.rules} />
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
