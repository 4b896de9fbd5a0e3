// Downloads one of the analytics CSV exports for the page's filters; a failure shows as a toast.
import { kpiSearchParams, type KpiFilters, type Report } from "../../analytics/kpi-query";
import { shopifyGlobal, useAdminContext } from "../admin-context";
import type { ToastApi } from "../Toast";

export function useCsvDownload(filters: KpiFilters, toast: ToastApi): (kind: Report) => Promise<void> {
  const { embedded } = useAdminContext();
  return async (kind: Report) => {
    const path = `/app/analytics/export?${kpiSearchParams(filters, { report: kind }).toString()}`;
    try {
      // Inside Shopify admin the request carries App Bridge's session token, like every admin fetch.
      const shopify = shopifyGlobal(embedded);
      const token = shopify ? await shopify.idToken() : null;
      const response = await fetch(path, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
      if (!response.ok) throw new Error(`${response.status}`);
      const name =
        /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? `pairwise-${kind}.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      toast.show(`Export failed (${(failure as Error).message})`, { isError: true });
    }
  };
}
