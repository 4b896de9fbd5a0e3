// Transactions on the plain `pg` pool (app/db/sql-pool.server.ts) for the hottest write path, the
// ingest-order job, where Prisma's interactive transaction costs more than the work (its empty
// transaction alone had a p99 above 6 ms: docs/benchmarks.md (b)).
//
// The transaction client speaks the raw-SQL subset of Prisma's client ($queryRaw, $executeRaw and
// their Unsafe forms), with Prisma's value conventions, so a model function written against
// `RawSql` runs unchanged inside either kind of transaction.
import type { Prisma } from "@prisma/client";
import pg from "pg";
import { sqlPool } from "./sql-pool.server";

/** The raw-SQL part of a Prisma client or transaction, which the `pg` transaction also provides. */
export interface RawSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

const INT8 = 20;
const TIMESTAMP = 1114;

// Prisma's conventions for results: int8 as BigInt, `timestamp` (stored in UTC, without zone) as
// that UTC instant whatever the process's TZ. Everything else as pg parses it (numeric as a string).
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

function fromTemplate(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): { text: string; values: unknown[] } {
  // A template's strings are an array; a Prisma.sql`…` fragment carries its own text and values.
  if (!Array.isArray(query)) {
    const sql = query as Prisma.Sql;
    return { text: sql.text, values: sql.values.map(parameter) };
  }
  const text = (query as TemplateStringsArray).reduce((sql, part, index) => (index === 0 ? part : `${sql}$${index}${part}`), "");
  return { text, values: values.map(parameter) };
}

export class SqlTransaction implements RawSql {
  constructor(readonly client: pg.ClientBase) {}

  async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const result = await this.client.query({ text, values: values.map(parameter), types });
    return result.rows as T[];
  }

  async $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T> {
    const { text, values: params } = fromTemplate(query, values);
    return (await this.client.query({ text, values: params, types })).rows as T;
  }

  async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number> {
    const { text, values: params } = fromTemplate(query, values);
    return (await this.client.query({ text, values: params, types })).rowCount ?? 0;
  }

  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    return (await this.client.query({ text: query, values: values.map(parameter), types })).rows as T;
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.client.query({ text: query, values: values.map(parameter), types })).rowCount ?? 0;
  }
}

/**
 * Runs `work` in one transaction on a pooled connection, begun by `begin` (e.g. with an isolation
 * level): COMMIT when it returns, ROLLBACK when it throws. A connection whose rollback failed is
 * discarded rather than returned to the pool.
 */
export async function inSqlTransaction<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>, pool: pg.Pool = sqlPool()): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The same, with the client that speaks Prisma's raw-SQL API (model code written against RawSql). */
export function withSqlTransaction<T>(work: (tx: SqlTransaction) => Promise<T>, pool: pg.Pool = sqlPool()): Promise<T> {
  return inSqlTransaction("BEGIN", (client) => work(new SqlTransaction(client)), pool);
}
