// What the analytics page and its CSV export take from the URL: a date range (whole UTC days, both
// ends included), and optional surface, offer kind and rule filters. Shared by the loaders and the
// page (client code may import it).
import { z } from "zod";
import { OFFER_KINDS, SURFACES } from "../offers/engine/types";

/** `rule=none`: offers that no rule made (the recommender's pairs, pins and the catalog fallback). */
export const NO_RULE = "none";
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;

export const REPORTS = ["summary", "daily", "breakdown", "pairs", "lines"] as const;
export type Report = (typeof REPORTS)[number];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date (YYYY-MM-DD)")
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    "must be a real date",
  );

export const kpiQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    surface: z.enum(SURFACES).optional(),
    kind: z.enum(OFFER_KINDS).optional(),
    rule: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, "must be a rule id or none")
      .optional(),
    report: z.enum(REPORTS).optional(),
  })
  .strip();

export interface KpiFilters {
  /** First day, inclusive (YYYY-MM-DD, UTC). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  surface?: (typeof SURFACES)[number];
  kind?: (typeof OFFER_KINDS)[number];
  /** A rule id, or NO_RULE. */
  rule?: string;
}

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
export const startOfDay = (value: string) => new Date(`${value}T00:00:00.000Z`);
/** The instant after the range's last day. */
export const endOfRange = (filters: Pick<KpiFilters, "to">) => new Date(startOfDay(filters.to).getTime() + DAY_MS);
export const rangeDays = (filters: Pick<KpiFilters, "from" | "to">) =>
  Math.round((endOfRange(filters).getTime() - startOfDay(filters.from).getTime()) / DAY_MS);

export function defaultRange(now: Date, days = DEFAULT_RANGE_DAYS): { from: string; to: string } {
  return { from: isoDay(new Date(now.getTime() - (days - 1) * DAY_MS)), to: isoDay(now) };
}

export type ParsedKpiQuery = { ok: true; filters: KpiFilters; report: Report } | { ok: false; error: string };

/** The filters from a URL's search parameters; empty values mean "not set". */
export function parseKpiQuery(params: URLSearchParams, now = new Date()): ParsedKpiQuery {
  const raw = Object.fromEntries([...params.entries()].filter(([, value]) => value !== ""));
  const parsed = kpiQuerySchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
    };
  }
  const { from, to, surface, kind, rule, report } = parsed.data;
  const defaults = defaultRange(now);
  const range = {
    from: from ?? (to ? isoDay(new Date(startOfDay(to).getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS)) : defaults.from),
    to: to ?? defaults.to,
  };
  if (range.from > range.to) return { ok: false, error: "from: must not be after to" };
  if (rangeDays(range) > MAX_RANGE_DAYS)
    return { ok: false, error: `to: the range may span at most ${MAX_RANGE_DAYS} days` };
  return { ok: true, filters: { ...range, surface, kind, rule }, report: report ?? "summary" };
}

/** The search parameters for some filters (the inverse of parseKpiQuery). */
export function kpiSearchParams(filters: KpiFilters, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.surface) params.set("surface", filters.surface);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.rule) params.set("rule", filters.rule);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}
