// Toasts as Shopify's own apps show them: App Bridge's toast inside Shopify admin; in local admin
// mode (no App Bridge, no Polaris Frame) a small status message at the bottom of the page.
import { useLocation } from "@remix-run/react";
import { Box, Text } from "@shopify/polaris";
import { useCallback, useEffect, useRef, useState } from "react";
import { shopifyGlobal, useAdminContext } from "./admin-context";

interface LocalToast {
  message: string;
  isError: boolean;
  key: number;
}

export interface ToastApi {
  show: (message: string, options?: { isError?: boolean }) => void;
  /** Render this once on the page: the local toast (nothing when embedded). */
  markup: React.ReactNode;
}

const DURATION_MS = 5000;

export function useToast(): ToastApi {
  const { embedded } = useAdminContext();
  const [toast, setToast] = useState<LocalToast | null>(null);
  const counter = useRef(0);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), DURATION_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const show = useCallback(
    (message: string, options: { isError?: boolean } = {}) => {
      const shopify = shopifyGlobal(embedded);
      if (shopify) {
        shopify.toast.show(message, { isError: options.isError ?? false, duration: DURATION_MS });
        return;
      }
      counter.current += 1;
      setToast({ message, isError: options.isError ?? false, key: counter.current });
    },
    [embedded],
  );

  // A page that navigates after an action passes its message along: navigate(url, { state: { toast } }).
  const location = useLocation();
  useEffect(() => {
    const message = (location.state as { toast?: unknown } | null)?.toast;
    if (typeof message === "string") show(message);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per navigation
  }, [location.key]);

  const markup = toast ? (
    <div
      key={toast.key}
      role="status"
      aria-live="polite"
      data-testid="toast"
      style={{
        position: "fixed",
        insetBlockEnd: "1.5rem",
        insetInlineStart: "50%",
        transform: "translateX(-50%)",
        zIndex: 520,
      }}
    >
      <Box
        background={toast.isError ? "bg-fill-critical" : "bg-fill-inverse"}
        paddingBlock="200"
        paddingInline="400"
        borderRadius="200"
        shadow="400"
      >
        <Text as="p" tone="text-inverse" fontWeight="medium">
          {toast.message}
        </Text>
      </Box>
    </div>
  ) : null;

  return { show, markup };
}
