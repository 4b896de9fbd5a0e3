// `npm run bench`: runs every tests/bench/*.bench.ts module's run() in sequence against a fresh
// database (on DATABASE_URL's server, or a throwaway local Postgres) and prints one table.
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { migrate } from "../../app/db/migrate.server";
import { createDatabase, dropDatabase, postgresServerForRun } from "../../app/dev/local-postgres.server";
import { createContext, type BenchContext, type BenchRow } from "./context";

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

async function main(): Promise<number> {
  const started = performance.now();
  const { adminUrl, stop: stopServer } = await postgresServerForRun("bench");
  const database = `pairwise_bench_${process.pid}`;
  await dropDatabase(adminUrl, database);
  await createDatabase(adminUrl, database);
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  await migrate(databaseUrl.toString());

  // The app's modules read these on first use.
  process.env.DATABASE_URL = databaseUrl.toString();
  process.env.SHOPIFY_API_KEY ??= "bench";
  process.env.SHOPIFY_API_SECRET ??= "bench";
  process.env.SHOPIFY_APP_URL ??= "https://pairwise.bench";

  const sql = new pg.Client({ connectionString: databaseUrl.toString() });
  await sql.connect();
  const [{ version }] = (await sql.query<{ version: string }>("SELECT current_setting('server_version') AS version"))
    .rows;
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const context: BenchContext = createContext(databaseUrl.toString(), sql, log);

  const modules = readdirSync(here)
    .filter((file) => file.endsWith(".bench.ts"))
    .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
    .sort();
  const rows: BenchRow[] = [];
  let failed = false;
  try {
    for (const file of modules) {
      process.stderr.write(`${file}\n`);
      const module = (await import(pathToFileURL(path.join(here, file)).href)) as {
        run: (context: BenchContext) => Promise<BenchRow[]>;
      };
      rows.push(...(await module.run(context)));
    }
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await sql.end();
    const { default: prisma } = await import("../../app/db.server");
    await prisma.$disconnect();
    await dropDatabase(adminUrl, database).catch(() => {});
    await stopServer();
  }

  const table = [
    ["bench", "metric", "value", "target", ""],
    ...rows.map((r) => [r.bench, r.metric, r.value, r.target ?? "", r.ok === undefined ? "" : r.ok ? "ok" : "MISSED"]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  console.log(`\nPostgres ${version}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})`);
  console.log(line(table[0]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of table.slice(1)) console.log(line(row));
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));
