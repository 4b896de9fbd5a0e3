// The shopper the preview describes, kept in the URL: the loader reads it, and edits reach the URL
// (and so the loader) once they pause.
import { useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from "react";

export interface ContextState {
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
  if (context.lines.length)
    params.set("cart", context.lines.map((line) => `${line.variantId}:${line.quantity}`).join(","));
  if (context.customer !== "anonymous") params.set("customer", context.customer);
  if (context.tags.length) params.set("tags", context.tags.join(","));
  return params.toString();
}

export const NO_SHOPPER: ContextState = { product: "", variant: "", lines: [], customer: "anonymous", tags: [] };

export function useShopperContext(initial: ContextState): [ContextState, Dispatch<SetStateAction<ContextState>>] {
  const [, setSearchParams] = useSearchParams();
  const [context, setContext] = useState<ContextState>(initial);

  // The preview follows the context: the URL (and so the loader) updates once edits pause.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(
      () => setSearchParams(toSearch(context), { replace: true, preventScrollReset: true }),
      250,
    );
    return () => clearTimeout(timer);
  }, [context, setSearchParams]);
  return [context, setContext];
}
