// The environment, checked once with zod. A bad environment stops the process with one line per
// field, before anything listens.
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

// Post-purchase emails (docs/decisions/008): the SMTP server that sends them and the From address.
// Both optional: without SMTP_URL no upsell email can be sent (each scheduled one ends FAILED with why).
const mailEnvShape = {
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  EMAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/,
      "must be an address, optionally with a name: Shop <no-reply@example.com>",
    )
    .optional()
    .or(z.literal("").transform(() => undefined)),
};

/**
 * The mail settings as they are now. The mailer reads them at send time, so the demo and the tests
 * can start a loopback SMTP server after the process has booted; the same field rules apply.
 */
export function mailEnv(source: Record<string, string | undefined> = process.env): {
  SMTP_URL?: string;
  EMAIL_FROM?: string;
} {
  return z.object(mailEnvShape).parse({ SMTP_URL: source.SMTP_URL, EMAIL_FROM: source.EMAIL_FROM });
}

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string({ error: "is required (the demo and the tests start a local Postgres when unset)" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    SHOPIFY_API_KEY: z.string().min(1, "is required"),
    SHOPIFY_API_SECRET: z.string().min(1, "is required"),
    SHOPIFY_APP_URL: z.url("must be the app's public https URL"),
    SCOPES: z.string().min(1).optional(),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    // Local admin mode: the demo's stand-in for App Bridge session tokens (see app/shopify/local-admin.server.ts).
    PAIRWISE_LOCAL_ADMIN: flag,
    PAIRWISE_LOCAL_SHOP: z.string().default("pairwise-demo.myshopify.com"),
    // Run the job worker inside the web process (the demo does); production runs `npm run worker`.
    PAIRWISE_INLINE_WORKER: flag,
    // `npm start`: how many server processes share the port (node:cluster); one per core is usual.
    WEB_CONCURRENCY: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(64, "must be at most 64")
      .default(1),
    // Reverse proxies of yours in front of the app that append to X-Forwarded-For (0: Shopify's app
    // proxy connects to the app directly); the storefront's per-IP limit reads Shopify's entry.
    PAIRWISE_FORWARDED_HOPS: z.coerce
      .number()
      .int("must be a whole number")
      .min(0, "must be at least 0")
      .max(5, "must be at most 5")
      .default(0),
    ...mailEnvShape,
  })
  .superRefine((env, ctx) => {
    if (env.PAIRWISE_LOCAL_ADMIN && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["PAIRWISE_LOCAL_ADMIN"],
        message: "must not be set in production: local admin mode bypasses Shopify authentication",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
    throw new InvalidEnvironmentError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment; the first call validates `process.env` and throws on a bad one. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
