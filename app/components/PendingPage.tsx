// While navigation to another admin page waits for its loader, show that page's skeleton (as
// Shopify's own apps do) instead of leaving the old page on screen. A short delay keeps fast
// navigations from flashing.
import { useLocation, useNavigation } from "@remix-run/react";
import { BlockStack, Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from "@shopify/polaris";
import { useEffect, useState } from "react";

const SHOW_AFTER_MS = 150;

/** True while navigating to a different page (not a form submission or a search-param change). */
export function usePendingNavigation(): string | null {
  const navigation = useNavigation();
  const location = useLocation();
  const target =
    navigation.state === "loading" && !navigation.formMethod && navigation.location.pathname !== location.pathname
      ? navigation.location.pathname
      : null;
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!target) {
      setShown(null);
      return;
    }
    const timer = setTimeout(() => setShown(target), SHOW_AFTER_MS);
    return () => clearTimeout(timer);
  }, [target]);
  return shown;
}

const TITLES: [RegExp, string][] = [
  [/^\/app\/?$/, "Pairwise"],
  [/^\/app\/rules\/?$/, "Rules"],
  [/^\/app\/rules\/.+/, "Rule"],
  [/^\/app\/recommendations/, "Recommendations"],
  [/^\/app\/preview/, "Preview"],
  [/^\/app\/emails/, "Post-purchase emails"],
  [/^\/app\/settings/, "Settings"],
];

export function PageSkeleton({ pathname }: { pathname: string }) {
  const title = TITLES.find(([pattern]) => pattern.test(pathname))?.[1] ?? "";
  return (
    <SkeletonPage title={title} primaryAction backAction={/^\/app\/rules\/.+/.test(pathname)}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <SkeletonDisplayText size="small" />
                <SkeletonBodyText lines={4} />
              </BlockStack>
            </Card>
            <Card>
              <SkeletonBodyText lines={6} />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

/** Renders the target page's skeleton while navigating away, else the page. */
export function AdminPage({ children }: { children: React.ReactNode }) {
  const pending = usePendingNavigation();
  return pending ? <PageSkeleton pathname={pending} /> : <>{children}</>;
}
