/**
 * Offline evaluation of the recommender against a popularity baseline on an order-lines CSV.
 *   npm run eval -- --orders FILE.csv [--k 10] [--similarity NAME] [--validation] [--json]
 * Protocol: app/recommender/core/evaluate.ts. Exit 2 on bad arguments or input.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { evaluate, splitInOrder, type EvaluationReport, type Metrics } from "../recommender/core/evaluate";
import { DEFAULT_SIMILARITY, SIMILARITY_NAMES } from "../recommender/core/similarity";
import { InputError, readOrdersCsv } from "./orders-csv";

export const USAGE = `usage: npm run eval -- --orders FILE.csv [--k 10] [--similarity NAME] [--validation] [--json]

  --orders FILE     CSV with header columns order_id,product_id (optional quantity, created_at)
  --k N             list length (default 10)
  --similarity NAME ${SIMILARITY_NAMES.join(" | ")} (default ${DEFAULT_SIMILARITY})
  --validation      evaluate inside the first 80% only (its own 80/20 split), leaving the test orders unseen
  --json            print one JSON object: {"k","trials","recommender":{"hr","ndcg","coverage"},"popularity":{...}}`;

export const EvalArgs = z.strictObject({
  orders: z.string({ error: "--orders FILE is required" }).min(1, "--orders FILE is required"),
  k: z.coerce.number().int().min(1).max(1000).default(10),
  similarity: z.enum(SIMILARITY_NAMES).default(DEFAULT_SIMILARITY),
  validation: z.boolean().default(false),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});
export type EvalArgs = z.infer<typeof EvalArgs>;

/** Parses argv (without node and script); throws InputError with the reason. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        orders: { type: "string" },
        k: { type: "string" },
        similarity: { type: "string" },
        validation: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return EvalArgs.parse({ orders: "-", help: true });
  const parsed = EvalArgs.safeParse(values);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "arguments"}: ${issue.message}`).join("; "),
    );
  }
  return parsed.data;
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs the command; returns the exit code. */
export async function main(argv: readonly string[], output: Output): Promise<number> {
  let args: EvalArgs;
  try {
    args = parseEvalArgs(argv);
  } catch (error) {
    output.err(`${describe(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    output.out(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  try {
    const file = await readOrdersCsv(args.orders);
    const orders = args.validation ? splitInOrder(file.orders).train : file.orders;
    const report = evaluate(orders, { k: args.k, similarity: args.similarity });
    const seconds = (performance.now() - started) / 1000;
    if (args.json) output.out(`${JSON.stringify(report)}\n`);
    else
      output.out(
        formatReport(report, {
          ...args,
          orderCount: orders.length,
          products: file.productIds.length,
          rows: file.rows,
          skipped: file.skippedRows,
          seconds,
        }),
      );
    return 0;
  } catch (error) {
    if (error instanceof InputError || isFileError(error)) {
      output.err(`${describe(error)}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

function formatReport(
  report: EvaluationReport,
  info: EvalArgs & { orderCount: number; products: number; rows: number; skipped: number; seconds: number },
): string {
  const k = report.k;
  const row = (name: string, m: Metrics): string =>
    `${name.padEnd(24)}${m.hr.toFixed(4).padStart(8)}${m.ndcg.toFixed(4).padStart(10)}${m.coverage.toFixed(4).padStart(10)}`;
  return [
    `${info.orders}: ${info.rows} rows (${info.skipped} skipped), ${info.orderCount} orders${info.validation ? " (validation: train part only)" : ""}, ${info.products} products`,
    `k = ${k}, trials = ${report.trials}, ${info.seconds.toFixed(1)} s`,
    `${"".padEnd(24)}${`HR@${k}`.padStart(8)}${`NDCG@${k}`.padStart(10)}${"coverage".padStart(10)}`,
    row(`recommender (${info.similarity})`, report.recommender),
    row("popularity", report.popularity),
    "",
  ].join("\n");
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text);
  main(process.argv.slice(2), { out: write(process.stdout), err: write(process.stderr) }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
