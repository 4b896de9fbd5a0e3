/**
 * Writes a synthetic order-lines CSV (app/recommender/core/synthetic-baskets.ts) for evaluation
 * and load tests: columns order_id,product_id,quantity,created_at, one order per minute.
 *   npx tsx app/cli/generate-orders.ts --out /tmp/orders.csv [--orders 20000] [--products 300] ...
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { z } from "zod";
import { syntheticBaskets } from "../recommender/core/synthetic-baskets";

const Args = z.strictObject({
  out: z.string().min(1),
  seed: z.coerce.number().int().default(1),
  orders: z.coerce.number().int().min(1).default(20_000),
  products: z.coerce.number().int().min(2).default(300),
  groups: z.coerce.number().int().min(0).default(60),
  "group-share": z.coerce.number().min(0).max(1).default(0.5),
  "mean-extra": z.coerce.number().min(0).default(2.5),
  zipf: z.coerce.number().min(0).default(1),
  "first-id": z.coerce.number().int().min(0).default(8_000_000_000_000),
});

const USAGE =
  "usage: npx tsx app/cli/generate-orders.ts --out FILE [--seed 1] [--orders 20000] [--products 300] [--groups 60] [--group-share 0.5] [--mean-extra 2.5] [--zipf 1] [--first-id N]";

async function main(): Promise<number> {
  const parsed = (() => {
    try {
      const { values } = parseArgs({
        strict: true,
        options: Object.fromEntries(Object.keys(Args.shape).map((name) => [name, { type: "string" as const }])),
      });
      return Args.safeParse(values);
    } catch (error) {
      return { success: false as const, error };
    }
  })();
  if (!parsed.success) {
    process.stderr.write(`${parsed.error instanceof Error ? parsed.error.message : String(parsed.error)}\n${USAGE}\n`);
    return 2;
  }
  const args = parsed.data;
  const { orders } = syntheticBaskets({
    seed: args.seed,
    products: args.products,
    orders: args.orders,
    complementGroups: args.groups,
    groupShare: args["group-share"],
    meanExtraItems: args["mean-extra"],
    zipfExponent: args.zipf,
    firstId: args["first-id"],
  });
  const out = createWriteStream(args.out);
  const start = Date.UTC(2025, 0, 1);
  let lines = 0;
  out.write("order_id,product_id,quantity,created_at\n");
  for (let o = 0; o < orders.length; o++) {
    const createdAt = new Date(start + o * 60_000).toISOString();
    let chunk = "";
    for (const product of orders[o]) chunk += `${1001 + o},${product},1,${createdAt}\n`;
    lines += orders[o].length;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  process.stderr.write(`${args.out}: ${orders.length} orders, ${lines} lines\n`);
  return 0;
}

main().then((code) => (process.exitCode = code));
