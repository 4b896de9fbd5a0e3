// The two network reads of the extension: the app's offer (session token auth) and the variant in
// the buyer's context (Storefront API). Both give up quietly: null means "show nothing".
import { APP_URL, OFFERS_PATH, REQUEST_TIMEOUT_MS } from "./config";
import {
  VARIANT_CONTEXT_QUERY,
  parseVariantContext,
  type OfferRequestBody,
  type VariantContext,
} from "./offer-selection";

export interface ExtensionApis {
  sessionToken: { get(): Promise<string> };
  query<Data = unknown>(
    query: string,
    options?: { variables?: Record<string, unknown> },
  ): Promise<{ data?: Data; errors?: unknown[] }>;
}

export async function fetchOfferBody(apis: ExtensionApis, request: OfferRequestBody): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const token = await apis.sessionToken.get();
    const response = await fetch(`${APP_URL}${OFFERS_PATH}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(request),
      signal: controller.signal,
    });
    if (!response.ok) return null;
    return await response.json();
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export async function fetchVariantContext(apis: ExtensionApis, variantId: string): Promise<VariantContext | null> {
  try {
    return parseVariantContext(await apis.query(VARIANT_CONTEXT_QUERY, { variables: { id: variantId } }));
  } catch {
    return null;
  }
}
