// The browser side of /app/catalog-search. Inside Shopify admin, App Bridge adds the session token
// to same-origin fetches, so the same call works in both modes.
import type { CollectionOption, ProductOption } from "../catalog/admin-catalog.server";

export type { CollectionOption, ProductOption };
export type PickerItem = ProductOption | CollectionOption;
export type PickerType = "product" | "collection";

export async function fetchCatalog(
  type: PickerType,
  params: { q?: string; ids?: string[] },
  signal?: AbortSignal,
): Promise<PickerItem[]> {
  const search = new URLSearchParams({ type });
  if (params.ids) search.set("ids", params.ids.join(","));
  else search.set("q", params.q ?? "");
  const response = await fetch(`/app/catalog-search?${search}`, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`Catalog search failed (${response.status})`);
  const body = (await response.json()) as { products?: ProductOption[]; collections?: CollectionOption[] };
  return body.products ?? body.collections ?? [];
}

export const isProduct = (item: PickerItem): item is ProductOption => "variants" in item;
