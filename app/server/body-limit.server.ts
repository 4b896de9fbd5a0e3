// Request body limits, enforced by the HTTP server before any route reads a byte: a declared
// Content-Length over the route's limit is refused up front, and a body without one (chunked) is
// counted as it arrives and cut off at the limit. Unauthenticated callers (webhooks before their
// HMAC check, the storefront, checkout) can thus never make the app buffer more than these.
import type { IncomingMessage } from "node:http";
import { requestPath } from "./request-path.server";

const KiB = 1024;
const MiB = 1024 * KiB;

/** Route path prefix (whole segments: "/app" is /app, /app/… and /app.data) → the largest body it accepts. */
export const BODY_LIMITS: readonly { prefix: string; bytes: number }[] = [
  // Shopify's webhook payloads (a large order included) are far below this.
  { prefix: "/webhooks", bytes: 4 * MiB },
  // Admin form posts: a rule's product lists, the settings form.
  { prefix: "/app", bytes: 1 * MiB },
  // Storefront events and checkout requests are a few hundred bytes.
  { prefix: "/proxy", bytes: 64 * KiB },
  { prefix: "/api", bytes: 64 * KiB },
];

/** Everything else. The smallest limit, so a path spelled differently (case, encoding) never gets more. */
export const DEFAULT_BODY_LIMIT = 64 * KiB;

/** The body limit for a request target (origin-form "/path?query" or absolute-form). */
export function bodyLimitFor(target: string): number {
  const path = requestPath(target);
  for (const { prefix, bytes } of BODY_LIMITS) {
    if (path === prefix || path.startsWith(`${prefix}/`) || path === `${prefix}.data`) return bytes;
  }
  return DEFAULT_BODY_LIMIT;
}

/** The declared Content-Length, or undefined when there is none (a chunked body, or no body). */
export function declaredBodyLength(request: IncomingMessage): number | undefined {
  const header = request.headers["content-length"];
  if (header === undefined) return undefined;
  // Node's parser has already refused a malformed or repeated Content-Length.
  return Number(header);
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly limit: number) {
    super(`request body over the limit of ${limit} bytes`);
  }
}

/** Whether an error is the one a refused body gives its reader (by name: dev servers load this module twice). */
export function isBodyTooLargeError(error: unknown): boolean {
  return error instanceof Error && error.name === "BodyTooLargeError";
}

const refusedBodies = new WeakSet<IncomingMessage>();

/** Whether this request's body went over its limit (and was answered 413). */
export function isBodyRefused(request: IncomingMessage): boolean {
  return refusedBodies.has(request);
}

/**
 * Counts the body bytes Node's parser pushes into the request; past `limit`, keeps them (and the
 * end) from the reader and calls `onOverLimit` once. An own property, so it survives Express
 * giving the request its own prototype.
 */
export function limitBody(request: IncomingMessage, limit: number, onOverLimit: () => void): void {
  const push = request.push.bind(request);
  let bytes = 0;
  request.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    // Nothing more reaches the reader, the end included: a truncated body must not end cleanly.
    if (refusedBodies.has(request)) return false;
    if (chunk !== null && chunk !== undefined) {
      bytes += (chunk as Buffer).length;
      if (bytes > limit) {
        refusedBodies.add(request);
        onOverLimit();
        return false;
      }
    }
    return push(chunk, encoding);
  };
}
