// The job queue's task list: one file per task, payloads validated with zod when the job runs.
import type { Task, TaskList } from "graphile-worker";
import type { z } from "zod";
import { backfillImportTask, backfillPayload, backfillPollTask, backfillStartTask } from "./backfill.server";
import { eraseShopTask, eraseShopPayload } from "./erase-shop.server";
import { ingestOrderPayload, ingestOrderTask } from "./ingest-order.server";
import { ingestProductPayload, ingestProductTask } from "./ingest-product.server";
import { rebuildRecommendationsPayload, rebuildRecommendationsTask } from "./rebuild-recommendations.server";
import { redactCustomerTask, redactCustomerPayload } from "./redact-customer.server";
import { refreshNeighboursPayload, refreshNeighboursTask } from "./refresh-neighbours.server";
import { sendUpsellEmailTask, sendUpsellEmailPayload } from "./send-upsell-email.server";
import { syncCatalogTask, syncCatalogPayload } from "./sync-catalog.server";

const payloadSchemas = {
  "backfill-start": backfillPayload,
  "backfill-poll": backfillPayload,
  "backfill-import": backfillPayload,
  "erase-shop": eraseShopPayload,
  "ingest-order": ingestOrderPayload,
  "ingest-product": ingestProductPayload,
  "rebuild-recommendations": rebuildRecommendationsPayload,
  "redact-customer": redactCustomerPayload,
  "refresh-neighbours": refreshNeighboursPayload,
  "send-upsell-email": sendUpsellEmailPayload,
  "sync-catalog": syncCatalogPayload,
} as const;

export type TaskName = keyof typeof payloadSchemas;
export type TaskPayloads = { [K in TaskName]: z.input<(typeof payloadSchemas)[K]> };

type Handler<K extends TaskName> = (payload: z.output<(typeof payloadSchemas)[K]>) => Promise<void>;

const handlers: { [K in TaskName]: Handler<K> } = {
  "backfill-start": backfillStartTask,
  "backfill-poll": backfillPollTask,
  "backfill-import": backfillImportTask,
  "erase-shop": eraseShopTask,
  "ingest-order": ingestOrderTask,
  "ingest-product": ingestProductTask,
  "rebuild-recommendations": rebuildRecommendationsTask,
  "redact-customer": redactCustomerTask,
  "refresh-neighbours": refreshNeighboursTask,
  "send-upsell-email": sendUpsellEmailTask,
  "sync-catalog": syncCatalogTask,
};

function withValidation<K extends TaskName>(name: K): Task {
  return async (raw) => {
    // A payload that does not parse is a bug, not a transient failure: fail once, loudly.
    const payload = payloadSchemas[name].parse(raw) as z.output<(typeof payloadSchemas)[K]>;
    await handlers[name](payload);
  };
}

export const taskList: TaskList = {
  ...Object.fromEntries((Object.keys(handlers) as TaskName[]).map((name) => [name, withValidation(name)])),
  // Jobs queued under the old spelling before the rename still run.
  "refresh-neighbors": withValidation("refresh-neighbours"),
};
