// Remix refuses an action whose Origin names another host than X-Forwarded-Host (or Host), its
// check against cross-site request forgery, but by throwing: a 500. The HTTP server applies the
// same rule to the same requests first and answers 403, so Remix's check never fails.
import type { IncomingMessage } from "node:http";
import { requestPath } from "./request-path.server";

// Remix checks document requests with these methods, and every non-GET single-fetch (.data) request.
const DOCUMENT_ACTION_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// Resource routes, which Remix does not check (except as .data) and which are called cross-origin
// by design: checkout extensions (CORS), the app proxy, webhooks.
const RESOURCE_PREFIXES = ["/api/", "/proxy/", "/webhooks/"];

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether Remix's check applies to this request and would refuse it. */
export function isCrossSiteAction(request: IncomingMessage): boolean {
  const method = request.method ?? "GET";
  const path = requestPath(request.url ?? "/");
  const checked = path.endsWith(".data")
    ? method !== "GET"
    : DOCUMENT_ACTION_METHODS.has(method) && !RESOURCE_PREFIXES.some((prefix) => path.startsWith(prefix));
  if (!checked) return false;

  const origin = first(request.headers.origin);
  if (!origin) return false;
  const forwardedHost = first(request.headers["x-forwarded-host"])?.split(",")[0]?.trim();
  const host = forwardedHost || request.headers.host;
  if (!host) return true;
  if (origin === "null") return true; // an opaque origin (sandboxed frame, file:) is another site
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // Remix would throw on it too
  }
}
