// The history backfill's jobs: start the bulk operation, poll it, import its result.
import { z } from "zod";
import { importBackfill, pollBackfill, startBackfill } from "../../ingest/backfill/backfill.server";
import { adminClientForShop } from "../../shopify/admin-api.server";

export const backfillPayload = z.object({ shop: z.string().min(1), runId: z.string().min(1) });
type Payload = z.output<typeof backfillPayload>;

export async function backfillStartTask({ shop, runId }: Payload) {
  await startBackfill(shop, runId, await adminClientForShop(shop));
}

export async function backfillPollTask({ shop, runId }: Payload) {
  await pollBackfill(shop, runId, await adminClientForShop(shop));
}

export async function backfillImportTask({ shop, runId }: Payload) {
  await importBackfill(shop, runId, await adminClientForShop(shop));
}
