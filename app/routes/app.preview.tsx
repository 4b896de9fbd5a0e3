// Preview: pick a product and/or build a cart, describe the shopper, and see exactly what each
// surface would show and why: which rule or statistic put each offer there, which rules did not
// apply, and which guardrail removed what. The same engine and inputs as the storefront; the page's
// parts are in app/components/preview.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { AdminPage } from "../components/PendingPage";
import { AdminErrorBoundary } from "../components/RouteErrorBoundary";
import { formatMoney } from "../components/preview/format-money";
import { ShopperCard } from "../components/preview/ShopperCard";
import { SurfaceCard } from "../components/preview/SurfaceCard";
import { useShopperContext } from "../components/preview/useShopperContext";
import { collectionsByIds, productsByIds, productsForVariants } from "../catalog/admin-catalog.server";
import { previewOffers } from "../offers/serving/offer-preview.server";
import { ruleFormContext } from "../settings/settings.server";
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
    .transform((text) =>
      text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean)
        .slice(0, 20),
    )
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
    productsForVariants(
      shop,
      cart.map((line) => line.variantId),
    ),
    ruleFormContext(shop),
  ]);
  // Only this shop's variants count; anything else in the URL is dropped.
  const known = new Set(cartProducts.flatMap((product) => product.variants.map((variant) => variant.id)));
  const lines = cart.filter((line) => known.has(line.variantId));
  const product = viewed[0] ?? null;
  const variant =
    product && query.variant && product.variants.some((v) => v.id === query.variant) ? query.variant : undefined;

  const surfaces =
    (await previewOffers(shop, {
      ...(product ? { productId: BigInt(product.id) } : {}),
      ...(variant ? { variantId: BigInt(variant) } : {}),
      cart: lines.map((line) => ({ variantId: BigInt(line.variantId), quantity: line.quantity })),
      customer: query.customer,
      customerTags: query.tags ?? [],
      now: new Date(),
    })) ?? [];
  const collectionIds = surfaces.flatMap((s) =>
    s.offers.flatMap((offer) => (offer.reason.type === "catalog" ? offer.reason.matched.collectionIds : [])),
  );
  const collections = Object.fromEntries((await collectionsByIds(shop, collectionIds)).map((c) => [c.id, c.title]));
  return {
    context: {
      product: product?.id ?? "",
      variant: variant ?? "",
      lines,
      customer: query.customer,
      tags: query.tags ?? [],
    },
    products: Object.fromEntries([...(product ? [product] : []), ...cartProducts].map((p) => [p.id, p])),
    surfaces,
    collections,
    currencyCode,
  };
};

export default function Preview() {
  const loaded = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [context, setContext] = useShopperContext(loaded.context);
  const money = (amount: number) => formatMoney(amount, loaded.currencyCode);
  const updating = navigation.state === "loading" && navigation.location.pathname === "/app/preview";

  return (
    <AdminPage>
      <Page title="Preview" subtitle="Exactly what each surface would show this shopper right now, and why.">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {loaded.surfaces.map((surface) => (
                <SurfaceCard
                  key={surface.surface}
                  preview={surface}
                  money={money}
                  collections={loaded.collections}
                  updating={updating}
                />
              ))}
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <ShopperCard context={context} setContext={setContext} initialProducts={loaded.products} money={money} />
          </Layout.Section>
        </Layout>
      </Page>
    </AdminPage>
  );
}

export function ErrorBoundary() {
  return <AdminErrorBoundary title="Preview" />;
}
