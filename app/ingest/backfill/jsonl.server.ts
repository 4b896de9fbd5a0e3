// Streams a JSONL document line by line from a URL without holding it in memory: bulk operation
// results can be gigabytes.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export interface JsonlRow {
  /** 0-based line number in the document (the resume cursor counts these). */
  index: number;
  value: unknown;
}

/** Yields every row from line `skip` on; blank lines are skipped but still counted. */
export async function* readJsonl(url: string, options: { skip?: number } = {}): AsyncGenerator<JsonlRow> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`Downloading the bulk result failed: HTTP ${response.status}`);
  }
  const lines = createInterface({
    input: Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
    crlfDelay: Infinity,
  });
  const skip = options.skip ?? 0;
  let index = -1;
  for await (const line of lines) {
    index += 1;
    if (index < skip || line.trim() === "") continue;
    yield { index, value: JSON.parse(line) as unknown };
  }
}
