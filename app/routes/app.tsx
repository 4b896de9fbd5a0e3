// The embedded admin's layout: authenticates every page under /app, provides Polaris and App Bridge.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { InlineStack, Text, Box } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { isLocalAdminRequest } from "../shopify/local-admin.server";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

const NAV = [
  { to: "/app", label: "Home", rel: "home" },
  { to: "/app/rules", label: "Rules", rel: undefined },
  { to: "/app/recommendations", label: "Recommendations", rel: undefined },
  { to: "/app/preview", label: "Preview", rel: undefined },
  { to: "/app/emails", label: "Emails", rel: undefined },
  { to: "/app/analytics", label: "Analytics", rel: undefined },
  { to: "/app/settings", label: "Settings", rel: undefined },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const config = env();
  return {
    apiKey: config.SHOPIFY_API_KEY,
    shop: session.shop,
    // Outside Shopify admin (local admin mode) there is no App Bridge to load.
    embedded: !isLocalAdminRequest(request, config),
  };
};

export default function AppLayout() {
  const { apiKey, embedded, shop } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={embedded} apiKey={apiKey}>
      {embedded ? (
        <NavMenu>
          {NAV.map((item) => (
            <Link key={item.to} to={item.to} rel={item.rel}>
              {item.label}
            </Link>
          ))}
        </NavMenu>
      ) : (
        <Box padding="300" background="bg-surface-secondary" borderBlockEndWidth="025" borderColor="border">
          <InlineStack gap="400" blockAlign="center">
            <Text as="span" variant="headingSm">
              Pairwise · local admin ({shop})
            </Text>
            {NAV.map((item) => (
              <Link key={item.to} to={item.to}>
                {item.label}
              </Link>
            ))}
          </InlineStack>
        </Box>
      )}
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
