// Every SQL statement the app defines (defineStatement) is parsed and described by the migrated
// database: a table, column or function that does not exist fails here with the statement's name,
// and so do declared columns that differ from what the statement returns. Also: the value
// conventions, the same whichever client runs a statement (decision 011).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { sqlPool } from "./sql-pool.server";
import { inSqlTransaction } from "./sql-tx.server";
import { registeredStatements, sql, type Statement } from "./statements.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Modules that still reach the database outside the registry (path prefixes, from the repository
 * root), each with why. A module not listed here that writes raw SQL fails the test.
 */
const OUTSIDE_THE_REGISTRY: Record<string, string> = {
  "app/db/statements.server.ts": "the registry's runner",
  "app/db/sql-tx.server.ts": "BEGIN / COMMIT / ROLLBACK",
  "app/db/migrate.server.ts": "applies the migrations' DDL",
  "app/dev/local-postgres.server.ts": "creates and drops databases",
};

// Prisma's raw SQL, or a pg query given SQL text or a `{ name, text }` of its own (transaction
// control statements aside).
const RAW_SQL = [
  /\$(queryRaw|executeRaw)(Unsafe)?\b/,
  /\.query(<[^()]*?>)?\(\s*\{\s*name:/,
  /\.query(<[^()]*?>)?\(\s*[`"'](?!(BEGIN|COMMIT|ROLLBACK|SET )\b)/,
  /\.query(<[^()]*?>)?\(\s*[A-Z][A-Z0-9_]*_SQL\b/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const files = sourceFiles(path.join(root, "app")).map((file) => ({
  file: path.relative(root, file).split(path.sep).join("/"),
  text: readFileSync(file, "utf8"),
}));

/** Statement names as the source defines them (a string literal, the first argument). */
function definedNames(text: string): string[] {
  return [...text.matchAll(/defineStatement(?:<[^()]*?>)?\(\s*"([^"]+)"/g)].map((match) => match[1]);
}

const defining = files.filter(
  ({ file, text }) => file !== "app/db/statements.server.ts" && definedNames(text).length > 0,
);

interface Field {
  name: string;
  dataTypeID: number;
}

/**
 * Parse and Describe of the extended protocol, without executing: what PostgreSQL does before it
 * runs a statement (name resolution, parameter types), and the columns it would return.
 */
class Describe implements pg.Submittable {
  private fields: Field[] = [];
  constructor(
    private readonly text: string,
    private readonly done: (error: Error | null, fields: Field[]) => void,
  ) {}
  submit(connection: pg.Connection) {
    // The unnamed statement: replaced by the next Parse, nothing left on the connection.
    connection.parse({ name: "", text: this.text, types: [] }, true);
    connection.describe({ type: "S", name: "" }, true);
    connection.sync();
  }
  handleRowDescription(message: { fields: Field[] }) {
    this.fields = message.fields;
  }
  handleError(error: Error) {
    this.done(error, []);
  }
  handleReadyForQuery() {
    this.done(null, this.fields);
  }
  handleDataRow() {}
  handleCommandComplete() {}
  handleEmptyQuery() {}
}

function describeStatement(client: pg.ClientBase, text: string): Promise<Field[]> {
  return new Promise((resolve, reject) => {
    client.query(new Describe(text, (error, fields) => (error ? reject(error) : resolve(fields))));
  });
}

const NUMERIC = 1700;
const DATE = 1082;

describe("the statement registry", () => {
  let client: pg.Client;
  beforeAll(async () => {
    for (const { file } of defining) await import(path.join(root, file));
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client?.end());

  it("holds every statement the source defines, each name once", () => {
    const sourceNames = defining.flatMap(({ text }) => definedNames(text));
    const duplicates = sourceNames.filter((name, i) => sourceNames.indexOf(name) !== i);
    expect(duplicates, "statement names defined twice").toEqual([]);
    expect(
      registeredStatements()
        .map((s) => s.name)
        .sort(),
    ).toEqual([...sourceNames].sort());
    console.log(
      `statement registry: ${sourceNames.length} statements from ${defining.length} modules\n` +
        defining.map(({ file, text }) => `  ${file}: ${definedNames(text).length}`).join("\n"),
    );
    expect(sourceNames.length).toBeGreaterThanOrEqual(73);
  });

  it("has no module writing raw SQL outside it, except those listed", () => {
    const outside = files.filter(({ text }) => RAW_SQL.some((pattern) => pattern.test(text))).map(({ file }) => file);
    const listed = (file: string) => Object.keys(OUTSIDE_THE_REGISTRY).some((prefix) => file.startsWith(prefix));
    console.log(`outside the registry:\n${outside.map((file) => `  ${file}`).join("\n")}`);
    expect(outside.filter((file) => !listed(file))).toEqual([]);
  });

  it("parses and describes every statement against the migrated schema, with the columns it declares", async () => {
    const problems: string[] = [];
    for (const statement of registeredStatements()) {
      let fields: Field[];
      try {
        fields = await describeStatement(client, statement.text);
      } catch (error) {
        problems.push(`${statement.name}: ${(error as Error).message}`);
        continue;
      }
      const names = fields.map((field) => field.name);
      if (statement.columns && [...statement.columns].sort().join() !== [...names].sort().join()) {
        problems.push(
          `${statement.name}: declares columns [${statement.columns.join(", ")}], returns [${names.join(", ")}]`,
        );
      }
      for (const field of fields) {
        if (field.dataTypeID === NUMERIC || field.dataTypeID === DATE) {
          problems.push(
            `${statement.name}: column ${field.name} is numeric or date; cast it to text (the two clients read it differently)`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("running a statement", () => {
  const INSTANT = new Date("2026-11-23T08:30:15.250Z");
  // Probes, not registered: the registry holds the app's statements only.
  const probe = <Row = void>(name: string, text: string, prepare = false): Statement<Row> => ({
    name,
    text,
    columns: null,
    prepare,
  });
  const insert = probe("probe-insert", `INSERT INTO statements_probe (id, at) VALUES ($1, $2)`);
  const read = probe<{ id: bigint; at: Date; big: bigint }>(
    "probe-read",
    `SELECT id, at, 9007199254740993::int8 AS big FROM statements_probe`,
  );
  const tz = process.env.TZ;

  beforeAll(
    () => prisma.$executeRaw`CREATE TABLE IF NOT EXISTS statements_probe (id bigint PRIMARY KEY, at timestamp(3))`,
  );
  afterAll(() => {
    process.env.TZ = tz;
  });

  it("writes and reads int8 and `timestamp` the same through pg and through Prisma, whatever the process's TZ", async () => {
    process.env.TZ = "America/New_York";
    await sql.execute(sqlPool(), insert, [1n, INSTANT]);
    await prisma.$transaction((tx) => sql.execute(tx, insert, [2n, INSTANT]));
    const viaPg = await sql.query(sqlPool(), read);
    const viaPrisma = await sql.query(prisma, read);
    expect(viaPg).toEqual(viaPrisma);
    expect(viaPg.map((row) => [row.id, row.at.toISOString(), row.big])).toEqual([
      [1n, INSTANT.toISOString(), 9_007_199_254_740_993n],
      [2n, INSTANT.toISOString(), 9_007_199_254_740_993n],
    ]);
  });

  it("prepares a statement on the connection only when it says so", async () => {
    const prepared = probe("probe-prepared", `SELECT 1 AS one`, true);
    const unprepared = probe("probe-unprepared", `SELECT $1::int AS one`);
    const names = await inSqlTransaction("BEGIN", async (client) => {
      await sql.query(client, prepared);
      await sql.query(client, unprepared, [1]);
      return (await client.query<{ name: string }>("SELECT name FROM pg_prepared_statements")).rows.map(
        (row) => row.name,
      );
    });
    expect(names).toContain("probe-prepared");
    expect(names).not.toContain("probe-unprepared");
  });
});
