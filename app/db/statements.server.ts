// SQL statements, each defined once with a name and registered here, so one test
// (statements.server.test.ts) checks every one against the migrated schema. Decision 011 says when
// to write a statement and when Prisma's model API.
import type { Prisma, PrismaClient } from "@prisma/client";
import pg from "pg";

export interface Statement<Row = void> {
  /** Unique in the app; the prepared statement's name on each connection when `prepare`. */
  readonly name: string;
  readonly text: string;
  /** The result's columns (Row's keys); the test compares them with the statement's description. */
  readonly columns: readonly string[] | null;
  /**
   * Prepared once per connection and planned with a generic plan after a few runs: for the
   * per-request reads. Other statements are planned with each run's values (a bulk statement's
   * plan depends on the shop's size).
   */
  readonly prepare: boolean;
  /** Type only: the row the statement returns. */
  readonly row?: Row;
}

interface StatementOptions {
  prepare?: boolean;
}

const registry = new Map<string, Statement<unknown>>();

/** A statement whose rows are not read (writes, locks). */
export function defineStatement(name: string, text: string, options?: StatementOptions): Statement;
/** A statement returning `Row`s; `columns` lists Row's keys, as the statement names its columns. */
export function defineStatement<Row extends object>(
  name: string,
  text: string,
  options: StatementOptions & { columns: readonly (keyof Row & string)[] },
): Statement<Row>;
export function defineStatement(
  name: string,
  text: string,
  options: StatementOptions & { columns?: readonly string[] } = {},
): Statement<unknown> {
  // A module evaluated again (a dev-server reload) defines its statements again: the last one wins.
  // Two modules using one name is caught by the test, which reads the names from the source.
  const statement: Statement<unknown> = {
    name,
    text,
    columns: options.columns ?? null,
    prepare: options.prepare ?? false,
  };
  registry.set(name, statement);
  return statement;
}

/** Every statement defined by the modules loaded so far. */
export function registeredStatements(): Statement<unknown>[] {
  return [...registry.values()];
}

/**
 * Where a statement runs: a `pg` pool or client (hot and bulk paths), or a Prisma client or
 * transaction (for the SQL that Prisma-side work cannot express with the model API).
 */
export type Db = pg.Pool | pg.ClientBase | PrismaClient | Prisma.TransactionClient;

function isPrisma(db: Db): db is PrismaClient | Prisma.TransactionClient {
  // A property read, not `in`: the app's Prisma client is a lazy proxy (app/db.server.ts).
  return typeof (db as PrismaClient).$queryRawUnsafe === "function";
}

const INT8 = 20;
const TIMESTAMP = 1114;

// Values as Prisma reads them, so a row has one type whichever client ran it: int8 as BigInt, and
// `timestamp` (UTC, without zone) as that UTC instant whatever the process's TZ. Everything else as
// pg parses it; numeric and date columns are cast to text (their conventions differ; the test
// refuses them).
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8) return (value: string) => BigInt(value);
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Parameters as Prisma sends them: Dates as UTC (pg would send local time), the rest as pg does. */
function parameter(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

function pgQuery(statement: Statement<unknown>, values: readonly unknown[]): pg.QueryConfig {
  return {
    name: statement.prepare ? statement.name : undefined,
    text: statement.text,
    values: values.map(parameter),
    types,
  };
}

/** Runs a statement and returns its rows. */
async function query<Row>(db: Db, statement: Statement<Row>, values: readonly unknown[] = []): Promise<Row[]> {
  if (isPrisma(db)) return db.$queryRawUnsafe<Row[]>(statement.text, ...values);
  return (await db.query(pgQuery(statement, values))).rows as Row[];
}

/** Runs a statement and returns how many rows it wrote (or returned). */
async function execute(db: Db, statement: Statement<unknown>, values: readonly unknown[] = []): Promise<number> {
  if (isPrisma(db)) return db.$executeRawUnsafe(statement.text, ...values);
  return (await db.query(pgQuery(statement, values))).rowCount ?? 0;
}

export const sql = { query, execute };
