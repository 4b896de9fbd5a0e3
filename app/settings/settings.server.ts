// Shop settings (guardrails, recommender parameters, widget texts): one row per shop, created with
// the "on by default" values when missing. Scoped by shop like every model.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { defineStatement, sql } from "../db/statements.server";
import { enqueue } from "../jobs/queue.server";
import { latestBackfill, requestBackfill } from "../ingest/backfill/backfill.server";
import { storedPairCount } from "../recommender/store/pair-storage.server";
import {
  SIMILARITY_CHOICES,
  WIDGET_TEXT_FIELDS,
  type SettingsValues,
  type SettingsWrite,
  type SimilarityChoice,
  type WidgetTextKey,
} from "./settings-schema";

const settingsSelect = {
  maxOffersPerSurface: true,
  upgradePriceCeiling: true,
  relevanceThreshold: true,
  frequencyCapHours: true,
  holdoutShare: true,
  similarity: true,
  halfLifeDays: true,
  minSupport: true,
  widgetTexts: true,
  updatedAt: true,
} satisfies Prisma.ShopSettingsSelect;

type SettingsRow = Prisma.ShopSettingsGetPayload<{ select: typeof settingsSelect }>;

async function settingsRow(shop: string): Promise<SettingsRow> {
  return prisma.shopSettings.upsert({ where: { shop }, create: { shop }, update: {}, select: settingsSelect });
}

/** Percent with at most two decimals, as the form shows a share. */
const percent = (share: number) => String(Math.round(share * 10_000) / 100);

export function settingsToFormValues(row: SettingsRow): SettingsValues {
  const texts = (row.widgetTexts && typeof row.widgetTexts === "object" ? row.widgetTexts : {}) as Record<
    string,
    unknown
  >;
  return {
    maxOffersPerSurface: String(row.maxOffersPerSurface),
    upgradePriceCeiling: percent(Number(row.upgradePriceCeiling)),
    relevanceThreshold: String(row.relevanceThreshold),
    frequencyCapHours: String(row.frequencyCapHours),
    holdoutShare: percent(row.holdoutShare),
    similarity: (SIMILARITY_CHOICES as readonly string[]).includes(row.similarity)
      ? (row.similarity as SimilarityChoice)
      : "default",
    halfLifeDays: row.halfLifeDays === null ? "" : String(row.halfLifeDays),
    minSupport: String(row.minSupport),
    widgetTexts: Object.fromEntries(
      WIDGET_TEXT_FIELDS.map((field) => [
        field.key,
        typeof texts[field.key] === "string" ? (texts[field.key] as string) : "",
      ]),
    ) as Record<WidgetTextKey, string>,
  };
}

export async function getSettingsForm(shop: string) {
  const row = await settingsRow(shop);
  return { values: settingsToFormValues(row), updatedAt: row.updatedAt.toISOString() };
}

export async function updateSettings(shop: string, settings: SettingsWrite): Promise<void> {
  const data = {
    maxOffersPerSurface: settings.maxOffersPerSurface,
    upgradePriceCeiling: new Prisma.Decimal(settings.upgradePriceCeiling.toFixed(3)),
    relevanceThreshold: settings.relevanceThreshold,
    frequencyCapHours: settings.frequencyCapHours,
    holdoutShare: settings.holdoutShare,
    similarity: settings.similarity,
    halfLifeDays: settings.halfLifeDays,
    minSupport: settings.minSupport,
    widgetTexts: settings.widgetTexts as Prisma.InputJsonValue,
  };
  await prisma.shopSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** What the rule form shows around prices: the shop's currency and its upgrade price ceiling. */
export async function ruleFormContext(shop: string): Promise<{ currencyCode: string; upgradePriceCeiling: number }> {
  const [shopRow, settings] = await Promise.all([
    prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true } }),
    settingsRow(shop),
  ]);
  return { currencyCode: shopRow?.currencyCode ?? "USD", upgradePriceCeiling: Number(settings.upgradePriceCeiling) };
}

/** The recommender parameters whose change needs a rebuild of the statistics or neighbour lists. */
export function recommenderChanged(before: SettingsValues, after: SettingsWrite): boolean {
  return (
    before.similarity !== after.similarity ||
    (before.halfLifeDays === "" ? null : Number(before.halfLifeDays)) !== after.halfLifeDays ||
    Number(before.minSupport) !== after.minSupport
  );
}

export const REBUILD_TASK = "rebuild-recommendations";
export const rebuildJobKey = (shop: string) => `${REBUILD_TASK}:${shop}`;

export interface QueuedJob {
  state: "queued" | "running" | "retrying";
  since: string;
  lastError: string | null;
}

const QUEUED_JOB = defineStatement<{
  run_at: Date;
  locked_at: Date | null;
  attempts: number;
  last_error: string | null;
}>(
  "pairwise-settings-queued-job",
  `SELECT run_at, locked_at, attempts, last_error FROM graphile_worker.jobs WHERE key = $1 AND task_identifier = $2 LIMIT 1`,
  { columns: ["run_at", "locked_at", "attempts", "last_error"] },
);

/** The shop's pending or running rebuild job, read from the job queue by its key. */
export async function rebuildJob(shop: string): Promise<QueuedJob | null> {
  const rows = await sql.query(prisma, QUEUED_JOB, [rebuildJobKey(shop), REBUILD_TASK]);
  const job = rows[0];
  if (!job) return null;
  const state = job.locked_at ? "running" : job.attempts > 0 ? "retrying" : "queued";
  return { state, since: (job.locked_at ?? job.run_at).toISOString(), lastError: job.last_error };
}

export interface RecommenderStatus {
  job: QueuedJob | null;
  rebuiltAt: string | null;
  productsWithNeighbours: number;
  pairs: number;
}

export async function recommenderStatus(shop: string): Promise<RecommenderStatus> {
  const [job, state, productsWithNeighbours, pairs] = await Promise.all([
    rebuildJob(shop),
    prisma.recommenderState.findUnique({ where: { shop }, select: { rebuiltAt: true, neighboursAt: true } }),
    prisma.productStat.count({ where: { shop, NOT: { neighbours: { equals: [] } } } }),
    storedPairCount(prisma, shop),
  ]);
  return {
    job,
    rebuiltAt: (state?.neighboursAt ?? state?.rebuiltAt)?.toISOString() ?? null,
    productsWithNeighbours,
    pairs,
  };
}

/** Queues a rebuild of the shop's statistics and neighbour lists (a pending one is replaced, not doubled). */
export async function requestRebuild(shop: string): Promise<void> {
  await enqueue(REBUILD_TASK, { shop }, { jobKey: rebuildJobKey(shop) });
}

export interface BackfillProgress {
  status: string;
  kind: string;
  rowsDone: number;
  rowsTotal: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const ACTIVE_BACKFILL = new Set(["PENDING", "RUNNING", "IMPORTING"]);
export const isBackfillActive = (progress: BackfillProgress | null) =>
  progress !== null && ACTIVE_BACKFILL.has(progress.status);

/** The latest history import of the shop (Home and Settings show its progress). */
export async function backfillProgress(shop: string): Promise<BackfillProgress | null> {
  const run = await latestBackfill(shop);
  if (!run) return null;
  return {
    status: run.status,
    kind: run.kind,
    rowsDone: run.rowsDone,
    rowsTotal: run.rowsTotal,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error,
  };
}

/** Starts a history import unless one is running; false when one is. */
export async function requestReimport(shop: string, days: number | null): Promise<boolean> {
  const { created } = await requestBackfill(shop, { days });
  return created;
}
