// Preview: pick a product and/or build a cart, describe the shopper, and see exactly what each
// surface would show and why: which rule or statistic put each offer there, which rules did not
// apply, and which guardrail removed what. The same engine and inputs as the storefront.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Collapsible,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { AdminPage } from "../components/PendingPage";
import { ResourcePicker } from "../components/ResourcePicker";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { TagsInput } from "../components/TagsInput";
import type { ProductOption } from "../components/catalog-client";
import { formatShare, matchedText } from "../recommender/reason";
import { SURFACE_LABELS } from "../rules/rule-form-schema";
import { OFFER_KIND_LABELS } from "../offers/engine/labels";
import { collectionsByIds, productsByIds, productsForVariants } from "../catalog/admin-catalog.server";
import { previewOffers, type PreviewOffer, type SurfacePreview } from "../offers/serving/offer-preview.server";
import { ruleFormContext } from "../settings/settings.server";
import type { GuardrailName, RuleOutcome } from "../offers/engine/types";
import { authenticate } from "../shopify.server";
import { shopifyIdText } from "../shopify/ids";

const id = shopifyIdText;
const cartLine = z
  .string()
  .transform((line) => line.split(":"))
  .pipe(z.tuple([id, z.string().regex(/^\d{1,3}$/)]))
  .transform(([variantId, quantity]) => ({ variantId, quantity: Math.max(1, Number(quantity)) }));
const querySchema = z.object({
  product: id.optional().catch(undefined),
  variant: id.optional().catch(undefined),
  cart: z
    .string()
    .transform((text) => text.split(",").slice(0, 20))
    .pipe(z.array(cartLine))
    .optional()
    .catch(undefined),
  customer: z.enum(["anonymous", "new", "returning"]).catch("anonymous").default("anonymous"),
  tags: z
    .string()
    .max(500)
    .transform((text) => text.split(",").map((tag) => tag.trim()).filter(Boolean).slice(0, 20))
    .optional()
    .catch(undefined),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const cart = query.cart ?? [];
  const [viewed, cartProducts, { currencyCode }] = await Promise.all([
    query.product ? productsByIds(shop, [query.product]) : Promise.resolve([]),
    productsForVariants(shop, cart.map((line) => line.variantId)),
    ruleFormContext(shop),
  ]);
  // Only this shop's variants count; anything else in the URL is dropped.
  const known = new Set(cartProducts.flatMap((product) => product.variants.map((variant) => variant.id)));
  const lines = cart.filter((line) => known.has(line.variantId));
  const product = viewed[0] ?? null;
  const variant = product && query.variant && product.variants.some((v) => v.id === query.variant) ? query.variant : undefined;

  const surfaces =
    (await previewOffers(shop, {
      ...(product ? { productId: BigInt(product.id) } : {}),
      ...(variant ? { variantId: BigInt(variant) } : {}),
      cart: lines.map((line) => ({ variantId: BigInt(line.variantId), quantity: line.quantity })),
      customer: query.customer,
      customerTags: query.tags ?? [],
      now: new Date(),
    })) ?? [];
  const collectionIds = surfaces.flatMap((s) => s.offers.flatMap((offer) => (offer.reason.type === "catalog" ? offer.reason.matched.collectionIds : [])));
  const collections = Object.fromEntries((await collectionsByIds(shop, collectionIds)).map((c) => [c.id, c.title]));
  return {
    context: { product: product?.id ?? "", variant: variant ?? "", lines, customer: query.customer, tags: query.tags ?? [] },
    products: Object.fromEntries([...(product ? [product] : []), ...cartProducts].map((p) => [p.id, p])),
    surfaces,
    collections,
    currencyCode,
  };
};

interface ContextState {
  product: string;
  variant: string;
  lines: { variantId: string; quantity: number }[];
  customer: "anonymous" | "new" | "returning";
  tags: string[];
}

function toSearch(context: ContextState): string {
  const params = new URLSearchParams();
  if (context.product) params.set("product", context.product);
  if (context.product && context.variant) params.set("variant", context.variant);
  if (context.lines.length) params.set("cart", context.lines.map((line) => `${line.variantId}:${line.quantity}`).join(","));
  if (context.customer !== "anonymous") params.set("customer", context.customer);
  if (context.tags.length) params.set("tags", context.tags.join(","));
  return params.toString();
}

export default function Preview() {
  const loaded = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const [context, setContext] = useState<ContextState>(loaded.context);
  const [products, setProducts] = useState<Record<string, ProductOption>>(loaded.products);
  const money = (amount: number) => formatMoney(amount, loaded.currencyCode);

  // The preview follows the context: the URL (and so the loader) updates once edits pause.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => setSearchParams(toSearch(context), { replace: true, preventScrollReset: true }), 250);
    return () => clearTimeout(timer);
  }, [context, setSearchParams]);

  const remember = (picked: ProductOption[]) => setProducts((current) => ({ ...current, ...Object.fromEntries(picked.map((p) => [p.id, p])) }));
  const productOfVariant = (variantId: string) => Object.values(products).find((p) => p.variants.some((v) => v.id === variantId));
  const viewed = context.product ? products[context.product] : undefined;
  const updating = navigation.state === "loading" && navigation.location.pathname === "/app/preview";

  const contextCard = (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingSm">
          Shopper
        </Text>
        <ResourcePicker
          label="Viewing product"
          type="product"
          multiple={false}
          selected={viewed ? [viewed] : []}
          onChange={(picked) => {
            remember(picked as ProductOption[]);
            setContext((c) => ({ ...c, product: picked[0]?.id ?? "", variant: "" }));
          }}
        />
        {viewed && viewed.variants.length > 1 ? (
          <Select
            label="Variant"
            options={[{ label: "First available", value: "" }, ...viewed.variants.map((v) => ({ label: `${v.title} · ${money(Number(v.price))}`, value: v.id }))]}
            value={context.variant}
            onChange={(variant) => setContext((c) => ({ ...c, variant }))}
          />
        ) : null}
        <Divider />
        <ResourcePicker
          label="Cart"
          type="product"
          multiple
          selected={[]}
          hideSelection
          browseLabel="Add products"
          onChange={(picked) => {
            const added = picked as ProductOption[];
            remember(added);
            setContext((c) => {
              const present = new Set(c.lines.map((line) => productOfVariant(line.variantId)?.id));
              const lines = added.filter((p) => p.variants[0] && !present.has(p.id)).map((p) => ({ variantId: p.variants[0].id, quantity: 1 }));
              return { ...c, lines: [...c.lines, ...lines].slice(0, 20) };
            });
          }}
        />
        {context.lines.length === 0 ? (
          <Text as="p" tone="subdued">
            The cart is empty.
          </Text>
        ) : (
          <BlockStack gap="300" as="ul">
            {context.lines.map((line, index) => {
              const product = productOfVariant(line.variantId);
              const setLine = (patch: Partial<typeof line>) =>
                setContext((c) => ({ ...c, lines: c.lines.map((other, i) => (i === index ? { ...other, ...patch } : other)) }));
              return (
                <li key={`${line.variantId}-${index}`} style={{ listStyle: "none" }}>
                  <BlockStack gap="150">
                    <InlineStack align="space-between" blockAlign="center" wrap={false}>
                      <Text as="span" fontWeight="medium" truncate>
                        {product?.title ?? `#${line.variantId}`}
                      </Text>
                      <Button
                        variant="plain"
                        tone="critical"
                        onClick={() => setContext((c) => ({ ...c, lines: c.lines.filter((_, i) => i !== index) }))}
                        accessibilityLabel={`Remove ${product?.title ?? "line"} from the cart`}
                      >
                        Remove
                      </Button>
                    </InlineStack>
                    <InlineGrid columns={["twoThirds", "oneThird"]} gap="200">
                      <Select
                        label="Variant"
                        labelHidden
                        options={(product?.variants ?? []).map((v) => ({ label: `${v.title} · ${money(Number(v.price))}`, value: v.id }))}
                        value={line.variantId}
                        onChange={(variantId) => setLine({ variantId })}
                      />
                      <TextField
                        label="Quantity"
                        labelHidden
                        type="number"
                        min={1}
                        max={999}
                        value={String(line.quantity)}
                        onChange={(value) => setLine({ quantity: Math.min(999, Math.max(1, Number(value) || 1)) })}
                        autoComplete="off"
                      />
                    </InlineGrid>
                  </BlockStack>
                </li>
              );
            })}
          </BlockStack>
        )}
        <Divider />
        <Select
          label="Customer"
          options={[
            { label: "Anonymous shopper", value: "anonymous" },
            { label: "New customer (logged in, no orders)", value: "new" },
            { label: "Returning customer", value: "returning" },
          ]}
          value={context.customer}
          onChange={(customer) => setContext((c) => ({ ...c, customer: customer as ContextState["customer"] }))}
        />
        <TagsInput label="Customer tags" values={context.tags} onChange={(tags) => setContext((c) => ({ ...c, tags }))} />
        {context.product || context.lines.length || context.tags.length || context.customer !== "anonymous" ? (
          <InlineStack>
            <Button variant="plain" onClick={() => setContext({ product: "", variant: "", lines: [], customer: "anonymous", tags: [] })}>
              Start over
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );

  return (
    <AdminPage>
      <Page title="Preview" subtitle="Exactly what each surface would show this shopper right now, and why.">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {loaded.surfaces.map((surface) => (
                <SurfaceCard key={surface.surface} preview={surface} money={money} collections={loaded.collections} updating={updating} />
              ))}
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">{contextCard}</Layout.Section>
        </Layout>
      </Page>
    </AdminPage>
  );
}

function formatMoney(amount: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(amount);
  } catch {
    return amount.toFixed(2);
  }
}

const GUARDRAIL_LABEL: Record<GuardrailName, string> = {
  blocked: "Blocked pair",
  unavailable: "Not available",
  out_of_stock: "Out of stock",
  in_cart: "Already in the cart or being viewed",
  price_ceiling: "Above the upgrade price ceiling",
  relevance: "Below the relevance threshold",
  frequency_cap: "Frequency cap",
  after_accept: "Shopper just accepted an offer",
  max_offers: "Over the offers-per-surface limit",
  holdout: "Holdout group",
};

const OUTCOME_LABEL: Record<RuleOutcome, { label: string; tone?: "success" | "critical" | "attention" | "info" }> = {
  matched: { label: "Matched", tone: "success" },
  invalid: { label: "Invalid settings", tone: "critical" },
  disabled: { label: "Disabled" },
  off_surface: { label: "Not on this surface" },
  out_of_schedule: { label: "Outside its schedule" },
  conditions_unmet: { label: "Customer conditions not met", tone: "attention" },
  not_triggered: { label: "Not triggered" },
  kind_not_requested: { label: "Kind not requested" },
  skipped_by_stop_here: { label: "Skipped: an earlier rule stops here", tone: "info" },
};

const SOURCE_LABEL = { pin: "Pinned", rule: "Rule", history: "Recommender", catalog: "Catalog" } as const;

function OfferReason({ offer, collections }: { offer: PreviewOffer; collections: Record<string, string> }) {
  const reason = offer.reason;
  if (reason.type === "rule") {
    return (
      <Text as="span" tone="subdued">
        Rule <Link url={`/app/rules/${reason.ruleId}`}>{reason.ruleName}</Link>
      </Text>
    );
  }
  if (reason.type === "catalog") {
    return (
      <Text as="span" tone="subdued">
        Catalog: {matchedText(reason.matched, collections)}
      </Text>
    );
  }
  const e = reason.explanation;
  const stats = e
    ? e.source === "history" && e.together > 0
      ? `bought together in ${Math.round(e.together * 10) / 10} orders · support ${formatShare(e.support, 2)} · confidence ${formatShare(e.confidence)} · lift ${e.lift.toFixed(2)}×`
      : e.source === "catalog"
        ? "similar in your catalog"
        : "never bought together yet"
    : "never bought together yet";
  return (
    <Text as="span" tone="subdued">
      {reason.pinned ? `Pinned by you (${stats})` : `Recommender: ${stats}`}
    </Text>
  );
}

function SurfaceCard({
  preview,
  money,
  collections,
  updating,
}: {
  preview: SurfacePreview;
  money: (amount: number) => string;
  collections: Record<string, string>;
  updating: boolean;
}) {
  // Open: the reasons are what the merchant came for.
  const [open, setOpen] = useState(true);
  const title = SURFACE_LABELS[preview.surface];
  const { rules, removed, stoppedBy } = preview.trace;
  const ruleName = (ruleId: string | undefined) => rules.find((r) => r.ruleId === ruleId)?.ruleName;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {preview.skipped ? null : (
            <Badge tone={preview.offers.length ? "success" : undefined}>{`${preview.offers.length} ${preview.offers.length === 1 ? "offer" : "offers"}`}</Badge>
          )}
        </InlineStack>
        {preview.skipped ? (
          <Text as="p" tone="subdued">
            {preview.skipped}
          </Text>
        ) : (
          <div style={{ opacity: updating ? 0.5 : 1, transition: "opacity 150ms" }} data-testid={`surface-${preview.surface}`}>
            <BlockStack gap="300">
              {preview.offers.length === 0 ? (
                <Text as="p" tone="subdued">
                  Nothing would be shown here. {removed.length ? "See why below." : ""}
                </Text>
              ) : (
                <BlockStack gap="200" as="ol">
                  {preview.offers.map((offer, index) => (
                    <li key={offer.offerId} style={{ listStyle: "none" }}>
                      <Box padding="200" background="bg-surface-secondary" borderRadius="200">
                        <BlockStack gap="100">
                          <InlineStack gap="200" blockAlign="center">
                            <Text as="span" fontWeight="semibold">
                              {index + 1}. {offer.title}
                              {offer.variantTitle && offer.variantTitle !== "Default Title" ? ` – ${offer.variantTitle}` : ""}
                            </Text>
                            {offer.price !== null ? <Text as="span">{money(offer.price)}</Text> : null}
                            <Badge tone={offer.kind === "upgrade" ? "attention" : "info"}>{OFFER_KIND_LABELS[offer.kind]}</Badge>
                            {offer.discount ? (
                              <Badge tone="success">{offer.discount.type === "percentage" ? `${offer.discount.value}% off` : `${money(offer.discount.value)} off`}</Badge>
                            ) : null}
                          </InlineStack>
                          {offer.kind === "upgrade" && offer.replacesTitle ? (
                            <Text as="span">
                              Instead of {offer.replacesTitle}
                              {offer.priceDelta !== undefined ? ` (${offer.priceDelta >= 0 ? "+" : ""}${money(offer.priceDelta)})` : ""}
                              {offer.valueText ? ` — “${offer.valueText}”` : ""}
                            </Text>
                          ) : null}
                          <OfferReason offer={offer} collections={collections} />
                        </BlockStack>
                      </Box>
                    </li>
                  ))}
                </BlockStack>
              )}
              <InlineStack>
                <Button variant="plain" onClick={() => setOpen((o) => !o)} ariaExpanded={open} ariaControls={`why-${preview.surface}`} disclosure={open ? "up" : "down"}>
                  {`Why: ${rules.length} ${rules.length === 1 ? "rule" : "rules"} checked, ${removed.length} removed by guardrails`}
                </Button>
              </InlineStack>
              <Collapsible open={open} id={`why-${preview.surface}`}>
                <BlockStack gap="300">
                  {rules.length ? (
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        Rules, in priority order
                      </Text>
                      {rules.map((rule) => (
                        <InlineStack key={rule.ruleId} gap="200" blockAlign="center">
                          <Link url={`/app/rules/${rule.ruleId}`}>{rule.ruleName}</Link>
                          <Badge tone={OUTCOME_LABEL[rule.outcome].tone}>{OUTCOME_LABEL[rule.outcome].label}</Badge>
                          {stoppedBy === rule.ruleId ? <Badge tone="info">Stops here</Badge> : null}
                          {rule.detail ? (
                            <Text as="span" tone="subdued" variant="bodySm">
                              {rule.detail}
                            </Text>
                          ) : null}
                        </InlineStack>
                      ))}
                    </BlockStack>
                  ) : (
                    <Text as="p" tone="subdued">
                      No enabled rules.
                    </Text>
                  )}
                  {removed.length ? (
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        Removed by guardrails
                      </Text>
                      {removed.map((removal, index) => (
                        <InlineStack key={`${removal.guardrail}-${removal.productId}-${index}`} gap="200" blockAlign="center">
                          <Text as="span">{preview.titles[removal.productId] ?? `#${removal.productId}`}</Text>
                          <Badge tone="critical">{GUARDRAIL_LABEL[removal.guardrail]}</Badge>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {SOURCE_LABEL[removal.source]}
                            {removal.ruleId ? ` “${ruleName(removal.ruleId) ?? removal.ruleId}”` : ""}
                            {removal.detail ? ` · ${removal.detail}` : ""}
                          </Text>
                        </InlineStack>
                      ))}
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Collapsible>
            </BlockStack>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Preview" />;
}
