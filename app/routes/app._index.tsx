// Home: at a glance whether Pairwise is working (widgets on the storefront, orders arriving, history
// imported, pairs learned, offers shown) and what to do next, with deep links into the theme editor.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { BackfillBadge, BackfillDetails } from "../components/BackfillProgress";
import { LocalTime, timeAgo } from "../components/LocalTime";
import { AdminPage } from "../components/PendingPage";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { shopifyGlobal, useAdminContext } from "../components/admin-context";
import { SURFACE_LABELS } from "../rules/rule-form-schema";
import { getShopStatus } from "../shops/shop-status.server";
import type { Surface } from "../offers/engine/types";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";

/** The theme app extension's block and embed handles (extensions/pairwise-theme/blocks/*.liquid). */
const BLOCK_HANDLE = "frequently-bought-together";
const EMBED_HANDLE = "cart-upsell";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const apiKey = env().SHOPIFY_API_KEY;
  const editor = `https://${session.shop}/admin/themes/current/editor`;
  return {
    status: await getShopStatus(session.shop),
    now: new Date().toISOString(),
    links: {
      addBlock: `${editor}?template=product&addAppBlockId=${apiKey}/${BLOCK_HANDLE}&target=mainSection`,
      enableEmbed: `${editor}?context=apps&activateAppId=${apiKey}/${EMBED_HANDLE}`,
    },
  };
};

type WidgetState = "active" | "inactive" | "unknown";

/**
 * Inside Shopify admin, App Bridge says whether the block and the embed are placed in a theme. In
 * local admin mode there is no App Bridge: offers seen on the storefront are the evidence.
 */
function useWidgetActivation(): { block: WidgetState; embed: WidgetState } {
  const { embedded } = useAdminContext();
  const [state, setState] = useState<{ block: WidgetState; embed: WidgetState }>({
    block: "unknown",
    embed: "unknown",
  });
  useEffect(() => {
    const shopify = shopifyGlobal(embedded);
    if (!shopify?.app?.extensions) return;
    let cancelled = false;
    shopify.app
      .extensions()
      .then((extensions) => {
        const theme = extensions.filter((extension) => extension.type === "theme_app_extension");
        const activations = theme.flatMap(
          (extension) => extension.activations as { handle: string; status: string; activations: unknown[] }[],
        );
        const of = (handle: string): WidgetState => {
          const found = activations.find((activation) => activation.handle === handle);
          return found
            ? found.status === "active" || found.activations.length > 0
              ? "active"
              : "inactive"
            : "unknown";
        };
        if (!cancelled) setState({ block: of(BLOCK_HANDLE), embed: of(EMBED_HANDLE) });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [embedded]);
  return state;
}

function Metric({ label, value, help }: { label: string; value: string | number; help?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {typeof value === "number" ? value.toLocaleString("en") : value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

interface Step {
  id: string;
  title: string;
  done: boolean;
  detail: string;
  action?: { content: string; url: string; external?: boolean };
}

function SetupStep({ step, index }: { step: Step; index: number }) {
  return (
    <Box padding="300" borderRadius="200" background={step.done ? "bg-surface" : "bg-surface-secondary"}>
      <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
        <InlineStack gap="300" blockAlign="start" wrap={false}>
          <Box minWidth="1.5rem">
            <Text as="span" tone={step.done ? "success" : "subdued"} fontWeight="bold">
              {step.done ? "✓" : `${index + 1}.`}
            </Text>
          </Box>
          <BlockStack gap="050">
            <Text as="h3" variant="headingSm" tone={step.done ? "subdued" : undefined}>
              {step.title}
            </Text>
            <Text as="p" tone="subdued">
              {step.detail}
            </Text>
          </BlockStack>
        </InlineStack>
        {step.action && !step.done ? (
          <Button
            url={step.action.url}
            target={step.action.external ? "_top" : undefined}
            variant={index === 0 ? "primary" : undefined}
          >
            {step.action.content}
          </Button>
        ) : step.action ? (
          <Button url={step.action.url} target={step.action.external ? "_top" : undefined} variant="plain">
            {step.action.content}
          </Button>
        ) : null}
      </InlineStack>
    </Box>
  );
}

export default function Home() {
  const { status, links, now } = useLoaderData<typeof loader>();
  const ago = (iso: string) => timeAgo(iso, now);
  const widgets = useWidgetActivation();
  const revalidator = useRevalidator();
  const importing = status.backfill !== null && ["PENDING", "RUNNING", "IMPORTING"].includes(status.backfill.status);
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [importing, revalidator]);

  const seen = (surfaces: Surface[]) =>
    surfaces
      .map((s) => status.lastImpressionBySurface[s])
      .filter(Boolean)
      .sort()
      .at(-1);
  const productSeen = seen(["product"]);
  const cartSeen = seen(["cart", "drawer"]);
  const blockDone = widgets.block === "active" || Boolean(productSeen);
  const embedDone = widgets.embed === "active" || Boolean(cartSeen);
  const historyDone = status.backfill?.status === "COMPLETED" || status.ordersIngested > 0;

  const steps: Step[] = [
    {
      id: "block",
      title: "Add “Frequently bought together” to your product page",
      done: blockDone,
      detail: productSeen
        ? `Showing offers: last seen on a product page ${ago(productSeen)}.`
        : widgets.block === "active"
          ? "Added to your theme."
          : "Opens the theme editor with the block ready to place under the product.",
      action: { content: blockDone ? "Open theme editor" : "Add block", url: links.addBlock, external: true },
    },
    {
      id: "embed",
      title: "Turn on the cart upsell",
      done: embedDone,
      detail: cartSeen
        ? `Showing offers: last seen in the cart ${ago(cartSeen)}.`
        : widgets.embed === "active"
          ? "Enabled in your theme."
          : "One switch in the theme editor’s App embeds adds offers to your cart page and drawer.",
      action: { content: embedDone ? "Open app embeds" : "Enable embed", url: links.enableEmbed, external: true },
    },
    {
      id: "history",
      title: "Import your order history",
      done: historyDone,
      detail: importing
        ? "Importing now…"
        : status.backfill?.status === "FAILED"
          ? `The last import failed: ${status.backfill.error ?? "unknown error"}.`
          : historyDone
            ? `${status.ordersCounted.toLocaleString("en")} orders feed the recommendations.`
            : "Recommendations learn from past orders; new orders arrive automatically.",
      action: { content: historyDone ? "Settings" : "Import history", url: "/app/settings#data" },
    },
    {
      id: "recommendations",
      title: "Check what Pairwise recommends",
      done: status.overrides > 0,
      detail:
        status.productsWithNeighbours > 0
          ? `${status.productsWithNeighbours.toLocaleString("en")} products have recommendations. Pin or block pairs you know better.`
          : "Recommendations appear once orders are imported and analysed.",
      action: { content: "Review", url: "/app/recommendations" },
    },
    {
      id: "rules",
      title: "Add your own rules (optional)",
      done: status.rules > 0,
      detail:
        status.rules > 0
          ? `${status.rulesEnabled} of ${status.rules} rules enabled.`
          : "Cross-sell accessories or suggest a premium upgrade: your rules come first.",
      action: {
        content: status.rules > 0 ? "Rules" : "Create rule",
        url: status.rules > 0 ? "/app/rules" : "/app/rules/new?kind=CROSS_SELL",
      },
    },
  ];
  const remaining = steps.filter((step) => !step.done && step.id !== "rules").length;
  const working = blockDone && embedDone && status.ordersIngested > 0;

  return (
    <AdminPage>
      <Page
        title={status.shopName ? `Pairwise for ${status.shopName}` : "Pairwise"}
        secondaryActions={[{ content: "Preview offers", url: "/app/preview" }]}
      >
        <Layout>
          <Layout.Section>
            {working ? (
              <Banner tone="success" title="Pairwise is working">
                <p>
                  {status.impressions7d.toLocaleString("en")} offers shown in the last 7 days;{" "}
                  {status.ordersCounted.toLocaleString("en")} orders feed the recommendations
                  {status.lastOrderAt ? (
                    <>
                      ; the latest arrived <LocalTime iso={status.lastOrderAt} />
                    </>
                  ) : null}
                  .
                </p>
              </Banner>
            ) : status.ordersIngested > 0 ? (
              <Banner tone="info" title="Pairwise is receiving your orders">
                <p>
                  {status.ordersCounted.toLocaleString("en")} orders feed the recommendations.{" "}
                  {remaining > 0 ? `${remaining} setup ${remaining === 1 ? "step" : "steps"} left.` : ""}
                </p>
              </Banner>
            ) : (
              <Banner tone="warning" title="Waiting for your first orders">
                <p>
                  Pairwise learns which products are bought together from your orders. Import your order history to
                  start now.
                </p>
              </Banner>
            )}
          </Layout.Section>
          <Layout.Section>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              <Metric
                label="Orders ingested"
                value={status.ordersIngested}
                help={`${status.ordersCounted.toLocaleString("en")} counted`}
              />
              <Metric
                label="Pairs found"
                value={status.pairs}
                help={`${status.productsWithNeighbours.toLocaleString("en")} of ${status.products.toLocaleString("en")} products`}
              />
              <Metric label="Offers shown" value={status.impressions7d} help="Last 7 days" />
              <Metric label="Rules" value={status.rules} help={`${status.rulesEnabled} enabled`} />
            </InlineGrid>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Setup guide
                  </Text>
                  <Badge tone={remaining === 0 ? "success" : "attention"}>
                    {remaining === 0 ? "Done" : `${remaining} to do`}
                  </Badge>
                </InlineStack>
                <BlockStack gap="200">
                  {steps.map((step, index) => (
                    <SetupStep key={step.id} step={step} index={index} />
                  ))}
                </BlockStack>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Order history import
                  </Text>
                  {status.backfill ? <BackfillBadge status={status.backfill.status} /> : null}
                </InlineStack>
                <BackfillDetails progress={status.backfill} />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Latest offers shown
                </Text>
                {status.recentOffers.length === 0 ? (
                  <Text as="p" tone="subdued">
                    None yet. Offers appear here as shoppers see them on your storefront.
                  </Text>
                ) : (
                  <BlockStack gap="150" as="ul">
                    {status.recentOffers.map((offer, index) => (
                      <li key={`${offer.occurredAt}-${index}`} style={{ listStyle: "none" }}>
                        <InlineStack align="space-between" gap="200" wrap={false}>
                          <Text as="span" truncate>
                            {offer.offeredTitle ?? "A product"}
                            {offer.productTitle ? ` with ${offer.productTitle}` : ""}
                          </Text>
                          <Text as="span" tone="subdued">
                            {SURFACE_LABELS[offer.surface as Surface] ?? offer.surface} · {ago(offer.occurredAt)}
                          </Text>
                        </InlineStack>
                      </li>
                    ))}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Pairwise" />;
}
