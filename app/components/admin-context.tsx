// What every admin page needs to know about where it runs: inside Shopify admin (App Bridge:
// resource picker, toast, save bar) or in local admin mode (plain Polaris, no `shopify` global).
import { useRouteLoaderData } from "@remix-run/react";
import type { ShopifyGlobal } from "@shopify/app-bridge-react";

interface AppLayoutData {
  embedded: boolean;
  shop: string;
  apiKey: string;
}

export function useAdminContext(): AppLayoutData {
  const data = useRouteLoaderData("routes/app") as AppLayoutData | undefined;
  return data ?? { embedded: false, shop: "", apiKey: "" };
}

/** App Bridge's global, for event handlers and effects: null in local admin mode and on the server. */
export function shopifyGlobal(embedded: boolean): ShopifyGlobal | null {
  if (!embedded || typeof window === "undefined") return null;
  return (window as unknown as { shopify?: ShopifyGlobal }).shopify ?? null;
}

/** "123" from "gid://shopify/Product/123" (App Bridge's ids), and back. */
export const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
export const productGid = (id: string) => `gid://shopify/Product/${id}`;
export const variantGid = (id: string) => `gid://shopify/ProductVariant/${id}`;
export const collectionGid = (id: string) => `gid://shopify/Collection/${id}`;
