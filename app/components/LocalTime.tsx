// Dates in the merchant's own time zone without hydration mismatches: the server (and the first
// client render) show UTC; after hydration the browser's zone takes over.
import { useEffect, useState } from "react";

const OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function formatDateTime(iso: string, local: boolean): string {
  const date = new Date(iso);
  return local
    ? date.toLocaleString("en", OPTIONS)
    : `${date.toLocaleString("en", { ...OPTIONS, timeZone: "UTC" })} UTC`;
}

export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  return <time dateTime={iso}>{formatDateTime(iso, hydrated)}</time>;
}

/** "5 min ago", relative to `now` (the loader's clock, so server and browser render the same text). */
export function timeAgo(iso: string, now: string): string {
  const minutes = Math.round((new Date(now).getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}
