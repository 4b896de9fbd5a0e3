// The load generator of bench (d), in a process of its own so the bench process's garbage collections
// do not delay sends (docs/benchmarks.md, section d). Messages (fork IPC): { kind: "warm", paths,
// concurrency } sends closed loop, `concurrency` at a time; { kind: "run", paths, rate } sends open
// loop at `rate` per second. Each answers with a GeneratorResult.
import { KeepAliveClient } from "./keep-alive-client";

export interface GeneratorResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  /** Responses per second over the time from the first request to the last response. */
  completedRps: number;
  /** CPU time of this process per request, in ms (user + system). */
  generatorCpuMs: number;
}

export type GeneratorMessage =
  { kind: "warm"; paths: string[]; concurrency: number } | { kind: "run"; paths: string[]; rate: number };

/** Sends `paths` at `rate` per second without waiting for answers. */
export async function openLoop(
  client: KeepAliveClient,
  paths: readonly string[],
  rate: number,
): Promise<GeneratorResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const pending: Promise<void>[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let lastDone = started;
  for (let i = 0; i < paths.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Latency counts from the scheduled time, so a late send (a busy generator) is not hidden; a
    // send up to a millisecond early (timer granularity) counts from when it was sent.
    const from = Math.min(due, performance.now());
    pending.push(
      client
        .get(paths[i])
        .then((status) => {
          if (status !== 200) {
            errors += 1;
            firstError ??= `HTTP ${status}`;
          }
          lastDone = performance.now();
          latencies.push(lastDone - from);
        })
        .catch((error: Error) => {
          errors += 1;
          firstError ??= error.message;
        }),
    );
  }
  await Promise.all(pending);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    latencies,
    errors,
    firstError,
    completedRps: latencies.length / ((lastDone - started) / 1000),
    generatorCpuMs: (cpu.user + cpu.system) / 1000 / paths.length,
  };
}

async function warm(client: KeepAliveClient, paths: readonly string[], concurrency: number): Promise<GeneratorResult> {
  for (let i = 0; i < paths.length; i += concurrency)
    await Promise.all(paths.slice(i, i + concurrency).map((path) => client.get(path)));
  return { latencies: [], errors: 0, completedRps: 0, generatorCpuMs: 0 };
}

// Run as a forked child: `fork("tests/bench/load-generator.ts", [serverUrl])`.
if (process.send && process.argv[2]) {
  const client = new KeepAliveClient(new URL(process.argv[2]));
  process.on("message", (message: GeneratorMessage) => {
    const work =
      message.kind === "warm"
        ? warm(client, message.paths, message.concurrency)
        : openLoop(client, message.paths, message.rate);
    void work.then((result) => process.send!(result));
  });
  process.on("disconnect", () => {
    client.close();
    process.exit(0);
  });
}
