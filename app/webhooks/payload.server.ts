// Webhook payloads are validated at the boundary: a payload that does not match gets a 400 that
// says why, and nothing is written.
import type { z } from "zod";

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`)
      .join("; ");
    throw new Response(`Invalid webhook payload: ${detail}`, { status: 400 });
  }
  return result.data;
}
