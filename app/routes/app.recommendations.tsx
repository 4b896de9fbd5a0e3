// Recommendations: for any product, what the recommender offers with it and why (orders together,
// support, confidence, lift; from order history or, for products with little history, from shared
// catalog attributes), and the merchant's pins (always show) and blocks (never show).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  DataTable,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  Tooltip,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { AdminPage } from "../components/PendingPage";
import { ResourcePicker } from "../components/ResourcePicker";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { OverridesCard } from "../components/recommendations/OverridesCard";
import { useToast } from "../components/Toast";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { notFound, readPayload } from "../server/form-request.server";
import { formatShare, reasonText, type ReasonExplanation } from "../recommender/reason";
import { collectionsByIds, productsByIds, titlesByIds, topProducts } from "../catalog/admin-catalog.server";
import {
  clearPairOverride,
  listPairOverrides,
  overridesForProduct,
  setPairOverride,
} from "../rules/pair-overrides.server";
import { neighboursForProduct } from "../recommender/store/recommendations.server";
import { authenticate } from "../shopify.server";
import { shopifyIdText } from "../shopify/ids";

const NEIGHBOURS_SHOWN = 20;
const productId = shopifyIdText;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const param = new URL(request.url).searchParams.get("product");
  if (!param) {
    const [top, overrides] = await Promise.all([topProducts(shop), listPairOverrides(shop, 50)]);
    const titles = await titlesByIds(
      shop,
      overrides.flatMap((o) => [o.productId, o.otherProductId]),
    );
    return { product: null, top, overrides, titles, neighbours: [], collections: {} as Record<string, string> };
  }
  if (!productId.safeParse(param).success) notFound("Product not found");
  const [product] = await productsByIds(shop, [param]);
  if (!product) notFound("Product not found");
  const [neighbours, overrides] = await Promise.all([
    neighboursForProduct(shop, param, NEIGHBOURS_SHOWN),
    overridesForProduct(shop, BigInt(param)),
  ]);
  const collectionIds = neighbours.flatMap((n) =>
    n.explanation.source === "catalog" ? n.explanation.matched.collectionIds.map(String) : [],
  );
  const [titles, collections] = await Promise.all([
    titlesByIds(shop, [
      param,
      ...neighbours.map((n) => n.id),
      ...overrides.flatMap((o) => [o.productId, o.otherProductId]),
    ]),
    collectionsByIds(shop, collectionIds),
  ]);
  return {
    product: { id: product.id, title: product.title },
    top: [],
    overrides,
    titles,
    neighbours: neighbours.map((n) => ({
      id: n.id,
      pinned: n.pinned,
      source: n.source,
      together: n.together,
      support: n.support,
      confidence: n.confidence,
      lift: n.lift,
      score: n.score,
      explanation: n.explanation as ReasonExplanation,
    })),
    collections: Object.fromEntries(collections.map((c) => [c.id, c.title])),
  };
};

const overrideSchema = z.object({
  intent: z.enum(["pin", "block", "clear"]),
  productId,
  otherProductId: productId,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = overrideSchema.safeParse(await readPayload(request));
  if (!parsed.success) return data({ ok: false as const, message: "Choose two products" }, { status: 400 });
  const { intent, productId: a, otherProductId: b } = parsed.data;
  const done =
    intent === "clear"
      ? await clearPairOverride(session.shop, BigInt(a), BigInt(b))
      : await setPairOverride(session.shop, BigInt(a), BigInt(b), intent === "pin" ? "PIN" : "BLOCK");
  if (!done) return data({ ok: false as const, message: "Product not found" }, { status: 404 });
  return { ok: true as const, intent };
};

const DONE = { pin: "Pinned: always shown", block: "Blocked: never shown", clear: "Override removed" } as const;

export default function Recommendations() {
  const { product, top, overrides, titles, neighbours, collections } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const toast = useToast();

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    toast.show(fetcher.data.ok ? DONE[fetcher.data.intent] : fetcher.data.message, { isError: !fetcher.data.ok });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per action result
  }, [fetcher.state, fetcher.data]);

  const override = (intent: "pin" | "block" | "clear", a: string, b: string) =>
    fetcher.submit({ intent, productId: a, otherProductId: b }, { method: "post", encType: "application/json" });
  const busy = fetcher.state !== "idle";
  const title = (id: string) => titles[id] ?? `#${id}`;

  const picker = (
    <Card>
      <ResourcePicker
        label="Product"
        type="product"
        multiple={false}
        selected={product ? [{ ...product }] : []}
        hideSelection
        browseLabel={product ? "Choose another product" : "Choose a product"}
        onChange={([picked]) => picked && navigate(`/app/recommendations?product=${picked.id}`)}
        helpText="See what Pairwise recommends with it, and why."
      />
    </Card>
  );

  if (!product) {
    return (
      <AdminPage>
        <Page title="Recommendations" subtitle="What your customers buy together, learned from your orders.">
          <Layout>
            <Layout.Section>
              <BlockStack gap="400">
                {picker}
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingSm">
                      Your best sellers
                    </Text>
                    <BlockStack gap="150" as="ul">
                      {top.map((item) => (
                        <li key={item.id} style={{ listStyle: "none" }}>
                          <InlineStack align="space-between">
                            <Link url={`/app/recommendations?product=${item.id}`}>{item.title}</Link>
                            {item.orders > 0 ? (
                              <Text as="span" tone="subdued">
                                {item.orders.toLocaleString("en")} orders
                              </Text>
                            ) : null}
                          </InlineStack>
                        </li>
                      ))}
                    </BlockStack>
                  </BlockStack>
                </Card>
              </BlockStack>
            </Layout.Section>
            <Layout.Section variant="oneThird">
              <OverridesCard
                overrides={overrides}
                title={title}
                onClear={(a, b) => override("clear", a, b)}
                busy={busy}
              />
            </Layout.Section>
          </Layout>
          {toast.markup}
        </Page>
      </AdminPage>
    );
  }

  const overrideOf = (other: string) => overrides.find((o) => o.productId === product.id && o.otherProductId === other);
  const blocked = overrides.filter((o) => o.mode === "BLOCK");
  const rows = neighbours.map((n) => {
    const own = overrideOf(n.id);
    return [
      <BlockStack gap="050" key="product">
        <InlineStack gap="100" blockAlign="center">
          <Link url={`/app/recommendations?product=${n.id}`}>{title(n.id)}</Link>
          {n.pinned ? <Badge tone="info">Pinned</Badge> : null}
        </InlineStack>
        {n.source === "catalog" || n.together <= 0 ? (
          <Text as="span" tone="subdued" variant="bodySm">
            {reasonText(n.explanation, { title, collections, anchor: product.title })}
          </Text>
        ) : null}
      </BlockStack>,
      n.together > 0 ? Math.round(n.together * 10) / 10 : "–",
      n.support > 0 ? formatShare(n.support, 2) : "–",
      n.confidence > 0 ? formatShare(n.confidence) : "–",
      n.lift > 0 ? `${n.lift.toFixed(2)}×` : "–",
      <Badge key="source" tone={n.source === "history" ? "success" : undefined}>
        {n.source === "history" ? "Order history" : "Catalog"}
      </Badge>,
      <InlineStack gap="100" wrap={false} key="actions">
        {own?.mode === "PIN" ? (
          <Button size="slim" onClick={() => override("clear", product.id, n.id)} disabled={busy}>
            Unpin
          </Button>
        ) : (
          <Tooltip content="Always show it with this product, first">
            <Button
              size="slim"
              onClick={() => override("pin", product.id, n.id)}
              disabled={busy}
              accessibilityLabel={`Pin ${title(n.id)}`}
            >
              Pin
            </Button>
          </Tooltip>
        )}
        <Tooltip content="Never show these two together">
          <Button
            size="slim"
            tone="critical"
            onClick={() => override("block", product.id, n.id)}
            disabled={busy}
            accessibilityLabel={`Block ${title(n.id)}`}
          >
            Block
          </Button>
        </Tooltip>
      </InlineStack>,
    ];
  });

  return (
    <AdminPage>
      <Page
        title={product.title}
        subtitle="Recommended with this product"
        backAction={{ content: "Recommendations", url: "/app/recommendations" }}
        secondaryActions={[{ content: "Preview offers", url: `/app/preview?product=${product.id}` }]}
      >
        <BlockStack gap="400">
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            {picker}
            <Card>
              <ResourcePicker
                label="Pin another product"
                type="product"
                multiple={false}
                selected={[]}
                hideSelection
                browseLabel="Pin a product"
                helpText="Pinned products are always offered with this one, before any recommendation."
                onChange={([picked]) => picked && picked.id !== product.id && override("pin", product.id, picked.id)}
              />
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingSm">
                  Blocked with this product
                </Text>
                {blocked.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing blocked. Block a pair that should never be offered together.
                  </Text>
                ) : (
                  <BlockStack gap="150" as="ul">
                    {blocked.map((o) => {
                      const other = o.productId === product.id ? o.otherProductId : o.productId;
                      return (
                        <li key={`${o.productId}-${o.otherProductId}`} style={{ listStyle: "none" }}>
                          <InlineStack align="space-between" blockAlign="center" wrap={false}>
                            <Text as="span">{title(other)}</Text>
                            <Button
                              size="slim"
                              variant="plain"
                              onClick={() => override("clear", o.productId, o.otherProductId)}
                              disabled={busy}
                            >
                              Unblock
                            </Button>
                          </InlineStack>
                        </li>
                      );
                    })}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </InlineGrid>
          <Card padding="0">
            {rows.length > 0 ? (
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "text", "text"]}
                headings={[
                  "Product",
                  "Orders together",
                  <Tooltip key="support" content="Share of all orders that had both">
                    <span>Support</span>
                  </Tooltip>,
                  <Tooltip key="confidence" content={`Share of orders with ${product.title} that also had it`}>
                    <span>Confidence</span>
                  </Tooltip>,
                  <Tooltip key="lift" content="How many times more often than if they were unrelated">
                    <span>Lift</span>
                  </Tooltip>,
                  "Source",
                  "",
                ]}
                rows={rows}
                verticalAlign="middle"
              />
            ) : (
              <EmptyState heading="No recommendations for this product yet" image={EMPTY_STATE_IMAGE}>
                <p>
                  Pairwise learns from orders that contain this product, and falls back to products that share its
                  collections, type, tags or vendor. Pin a product above to show it anyway.
                </p>
              </EmptyState>
            )}
          </Card>
        </BlockStack>
        {toast.markup}
      </Page>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Recommendations" backUrl="/app/recommendations" />;
}
