// Zod issues as the admin forms show them: one message per field, keyed by the field's dotted path
// ("trigger.productIds", "discount.value"). The same function runs in the browser (inline errors
// before submit) and in the action (the 400 response), so both say the same thing.
import { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Friendlier text for an issue at a path: `path` for any issue there, `path:code` for one kind. */
export type ErrorMessages = Record<string, string>;

export function fieldErrors(error: z.ZodError, messages: ErrorMessages = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    if (errors[path]) continue;
    errors[path] = messages[`${path}:${issue.code}`] ?? messages[path] ?? sentence(issue.message);
  }
  return errors;
}

/** The error for a field, or for any of its sub-fields (a list's "offer.productIds.2"). */
export function errorFor(errors: FieldErrors | undefined, path: string): string | undefined {
  if (!errors) return undefined;
  if (errors[path]) return errors[path];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return nested ? errors[nested] : undefined;
}

function sentence(message: string): string {
  return message.length > 0 ? message[0].toUpperCase() + message.slice(1) : message;
}

/** Form inputs hold text: "" is "not set", anything else must be a number. */
export function numberish<T extends z.ZodType>(inner: T) {
  return z.preprocess((value) => {
    if (value === "" || value === null || value === undefined) return undefined;
    if (typeof value === "string") return Number(value.trim());
    return value;
  }, inner);
}
