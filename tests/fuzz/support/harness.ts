// The fuzz suite's harness (issue #13, decision 017): raw HTTP to the started app server, a fixed seed
// per property, and what every case must hold: not a 5xx, nothing written on a 4xx, the process still
// serving. A property fails with each distinct failure class once, as a request to replay.
// Exploring: FUZZ_SCALE=10 runs ten times the cases; FUZZ_SEED=n replaces every property's seed.
import { request as httpRequest, Agent } from "node:http";
import fc from "fast-check";
import { expect } from "vitest";
import prisma from "../../../app/db.server";

export interface Sent {
  method: string;
  /** Path and query, sent as is (not re-encoded). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Send the body chunked, with no Content-Length. */
  chunked?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Set when the connection ended without a response. */
  error?: string;
}

// Keep-alive: thousands of small requests per file.
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const KEPT_TEXT = 64 * 1024;

/** One request over node:http, so headers (Host, duplicates) and bytes go out exactly as given. */
export function send(baseUrl: string, sent: Sent): Promise<Answer> {
  const base = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Answer) => {
      if (!settled) {
        settled = true;
        resolve(answer);
      }
    };
    const body =
      sent.body === undefined ? undefined : Buffer.isBuffer(sent.body) ? sent.body : Buffer.from(sent.body, "utf8");
    const headers: Record<string, string | string[] | number> = { ...sent.headers };
    if (body && !sent.chunked && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length"))
      headers["Content-Length"] = body.length;
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: sent.method,
        path: sent.path,
        headers,
        agent,
        setHost: !Object.keys(headers).some((name) => name.toLowerCase() === "host"),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < KEPT_TEXT) chunks.push(chunk);
          kept += chunk.length;
        });
        response.on("end", () =>
          done({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8").slice(0, KEPT_TEXT),
          }),
        );
        response.on("error", (error) =>
          done({ status: response.statusCode ?? 0, headers: response.headers, text: "", error: error.message }),
        );
      },
    );
    outgoing.on("error", (error) => done({ status: 0, headers: {}, text: "", error: error.message }));
    if (body && sent.chunked) {
      // Several writes: no Content-Length, so a size cap cannot be decided from the header alone.
      for (let offset = 0; offset < body.length; offset += 64 * 1024)
        outgoing.write(body.subarray(offset, offset + 64 * 1024));
      outgoing.end();
    } else outgoing.end(body);
  });
}

/** A request as a reader can replay it: method, path, the headers that matter, the body's start. */
export function describeSent(sent: Sent, label: string): string {
  const body = sent.body === undefined ? "" : Buffer.isBuffer(sent.body) ? sent.body.toString("utf8") : sent.body;
  const headers = Object.entries(sent.headers ?? {})
    .map(([name, value]) => `${name}: ${clip(JSON.stringify(value), 120)}`)
    .join("; ");
  return `[${label}] ${sent.method} ${clip(sent.path, 300)}${sent.chunked ? " (chunked)" : ""}\n  headers: ${headers || "-"}\n  body (${Buffer.byteLength(body)} bytes): ${clip(JSON.stringify(body), 400)}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max})`;
}

/** FNV-1a of the property's name: a fixed seed per property, stable across runs and machines. */
export function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** A case that broke an expectation, with the request that shows it. */
export class FuzzFailure extends Error {
  constructor(
    readonly kind: string,
    readonly answer: Answer,
    readonly report: string,
  ) {
    super(report);
  }

  /** Failures of one class: the same kind of failure, status and answer (ids and numbers aside). */
  get classKey(): string {
    return `${this.kind}|${this.answer.status}|${this.answer.error ?? ""}|${this.answer.text.slice(0, 120)}`.replace(
      /[0-9a-f]{8}-[0-9a-f-]{27}|\d+/g,
      "#",
    );
  }
}

const SHOWN_CLASSES = 8;

/** The failures of a batch of cases, one entry per class with its first request and a count. */
class FailureClasses {
  private readonly classes = new Map<string, { first: FuzzFailure; count: number }>();

  /** Runs one case; a FuzzFailure is recorded, any other error ends the batch. */
  async run(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof FuzzFailure)) throw error;
      const known = this.classes.get(error.classKey);
      if (known) known.count++;
      else this.classes.set(error.classKey, { first: error, count: 1 });
    }
  }

  throwIfAny(title: string, cases: number): void {
    if (this.classes.size === 0) return;
    const entries = [...this.classes.values()];
    const failed = entries.reduce((sum, entry) => sum + entry.count, 0);
    const shown = entries
      .slice(0, SHOWN_CLASSES)
      .map((entry, index) => `#${index + 1} (${entry.count} of ${cases} cases) ${entry.first.report}`)
      .join("\n\n");
    const more = entries.length > SHOWN_CLASSES ? `\n\n…and ${entries.length - SHOWN_CLASSES} more classes` : "";
    throw new Error(`${title}: ${failed} failed, in ${entries.length} class(es)\n\n${shown}${more}`);
  }
}

/**
 * Runs `check` on `numRuns` generated cases with the property's fixed seed (no shrinking: each case
 * is an HTTP request). Every case runs; then the distinct failure classes are reported, each with
 * its first request and how many cases fell in it.
 */
export async function runProperty<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  numRuns: number,
): Promise<void> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : seedOf(name);
  const runs = Math.max(1, Math.round(numRuns * Number(process.env.FUZZ_SCALE ?? 1)));
  const failures = new FailureClasses();
  await fc.assert(
    fc.asyncProperty(arbitrary, (value) => failures.run(() => check(value))),
    { seed, numRuns: runs, endOnFailure: true },
  );
  failures.throwIfAny(`fuzz property "${name}" (seed ${seed}, ${runs} cases)`, runs);
}

/** Runs `check` on every one of `cases` (a sweep that reaches each route for sure), reported as runProperty does. */
export async function runCases<T>(
  name: string,
  cases: readonly T[],
  check: (value: T) => Promise<void>,
): Promise<void> {
  const failures = new FailureClasses();
  for (const value of cases) await failures.run(() => check(value));
  failures.throwIfAny(`sweep "${name}" (${cases.length} cases)`, cases.length);
}

// --- what the database writes ------------------------------------------------------------------

// Every table a request could write, except rate-limit counters (a refused request counts by design).
const UNWATCHED_TABLES = new Set(["_prisma_migrations", "rate_limit_windows", "fuzz_write_log"]);
let installed = false;

/**
 * In the test file's own database: a row trigger on every watched table logs each committed insert,
 * update and delete (a rolled-back write leaves nothing), so one indexed read tells whether a
 * request wrote, and where.
 */
async function installWriteLog(): Promise<void> {
  if (installed) return;
  await prisma.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS public.fuzz_write_log (id bigserial PRIMARY KEY, tbl text NOT NULL)`,
  );
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION public.fuzz_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO public.fuzz_write_log (tbl) VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME); RETURN NULL; END $$`);
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND ((table_schema = 'public' AND NOT (table_name = ANY(${[...UNWATCHED_TABLES]})))
      OR (table_schema = 'graphile_worker' AND table_name = '_private_jobs'))`;
  for (const { name } of tables) {
    await prisma.$executeRawUnsafe(
      `CREATE OR REPLACE TRIGGER fuzz_log_write AFTER INSERT OR UPDATE OR DELETE ON ${name} FOR EACH ROW EXECUTE FUNCTION public.fuzz_log_write()`,
    );
  }
  installed = true;
}

async function lastWrite(): Promise<bigint> {
  const [{ last }] = await prisma.$queryRaw<
    { last: bigint }[]
  >`SELECT coalesce(max(id), 0)::bigint AS last FROM public.fuzz_write_log`;
  return last;
}

/** Follows the database across a property's cases: which tables each case wrote. */
export class WriteLedger {
  private last = 0n;

  async reset(): Promise<void> {
    await installWriteLog();
    this.last = await lastWrite();
  }

  /** The tables written since the last call (and moves the baseline). */
  async changes(): Promise<string[]> {
    const now = await lastWrite();
    if (now === this.last) return [];
    const rows = await prisma.$queryRaw<
      { tbl: string }[]
    >`SELECT DISTINCT tbl FROM public.fuzz_write_log WHERE id > ${this.last} ORDER BY tbl`;
    this.last = now;
    return rows.map((row) => row.tbl);
  }
}

export interface Expectations {
  /** Why the case must be refused (4xx): a 2xx or 3xx fails. */
  mustRefuse?: string;
  /** Why the case must be accepted (2xx): a 4xx fails. */
  mustAccept?: string;
  /** Why the case must write nothing, whatever its answer. */
  readOnly?: string;
  /**
   * The one status the case must get, and why. `orReset`: a connection reset while the body was
   * still being sent also counts (a server that stops reading an oversized body and closes the
   * connection resets it, and the client may never read the answer that was already on its way).
   */
  status?: { is: number; why: string; orReset?: boolean };
  /** More checks on a 2xx answer (e.g. an id stored exactly): a failure's text, or null. */
  onAccepted?: (answer: Answer) => Promise<string | null>;
}

/**
 * Sends one case and checks it: an answer, not 5xx; on 4xx nothing written; what `expectations`
 * add. Throws a FuzzFailure that holds the request as sent.
 */
export async function sendAndCheck(
  baseUrl: string,
  ledger: WriteLedger,
  sent: Sent,
  label: string,
  expectations: Expectations = {},
): Promise<Answer> {
  const answer = await send(baseUrl, sent);
  const changed = await ledger.changes();
  const failure =
    verdict(answer, changed, expectations) ??
    (answer.status >= 200 && answer.status < 300 && expectations.onAccepted
      ? await expectations.onAccepted(answer)
      : null);
  if (failure) {
    throw new FuzzFailure(
      failure,
      answer,
      `${failure}\n${describeSent(sent, label)}\n  answer: ${answer.status} ${clip(JSON.stringify(answer.text), 300)}`,
    );
  }
  return answer;
}

const RESET = /ECONNRESET|EPIPE|socket hang up/;

function verdict(answer: Answer, changed: string[], expectations: Expectations): string | null {
  if (answer.status === 0 && expectations.status?.orReset && RESET.test(answer.error ?? ""))
    return changed.length > 0 ? `reset, but wrote to ${changed.join(", ")}` : null;
  if (answer.status === 0) return `no answer (${answer.error ?? "connection closed"})`;
  if (answer.status >= 500) return `server error ${answer.status}`;
  if (answer.status >= 400 && changed.length > 0)
    return `refused with ${answer.status} but wrote to ${changed.join(", ")}`;
  if (expectations.readOnly && changed.length > 0)
    return `answered ${answer.status} and wrote to ${changed.join(", ")}, although ${expectations.readOnly}`;
  if (expectations.mustRefuse && answer.status < 400)
    return `accepted (${answer.status}) although it must be refused: ${expectations.mustRefuse}`;
  if (expectations.mustAccept && (answer.status < 200 || answer.status >= 300))
    return `answered ${answer.status} although it must be accepted: ${expectations.mustAccept}`;
  if (expectations.status && answer.status !== expectations.status.is)
    return `answered ${answer.status}, not ${expectations.status.is}: ${expectations.status.why}`;
  return null;
}

/** The process still serves: /healthz answers 200. */
export async function expectServing(baseUrl: string): Promise<void> {
  const answer = await send(baseUrl, { method: "GET", path: "/healthz" });
  expect(answer.status, `healthz after the batch: ${answer.error ?? answer.text}`).toBe(200);
}

/**
 * A test file's fuzzing against its app server: properties and sweeps, each starting from the
 * database as it is and ending with the process still serving (healthz 200).
 */
export function fuzzer(app: { url: () => string }) {
  const ledger = new WriteLedger();
  return {
    async property<T>(
      name: string,
      arbitrary: fc.Arbitrary<T>,
      check: (value: T) => Promise<unknown>,
      numRuns: number,
    ): Promise<void> {
      await ledger.reset();
      await runProperty(name, arbitrary, async (value) => void (await check(value)), numRuns);
      await expectServing(app.url());
    },
    async sweep<T>(name: string, cases: readonly T[], check: (value: T) => Promise<unknown>): Promise<void> {
      await ledger.reset();
      await runCases(name, cases, async (value) => void (await check(value)));
      await expectServing(app.url());
    },
    check: (sent: Sent, label: string, expectations?: Expectations): Promise<Answer> =>
      sendAndCheck(app.url(), ledger, sent, label, expectations),
  };
}
