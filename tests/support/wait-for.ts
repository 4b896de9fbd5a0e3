// Waiting on a condition instead of a fixed sleep: polls until `check` says done, and on the deadline
// fails with what was awaited and what was last seen, so a slow machine is never a flaky failure.

export type WaitCheck = () =>
  Promise<boolean | { done: boolean; seen: string }> | boolean | { done: boolean; seen: string };

export async function waitFor(
  what: string,
  check: WaitCheck,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let seen = "nothing yet";
  for (;;) {
    try {
      const result = await check();
      const done = typeof result === "boolean" ? result : result.done;
      if (typeof result === "object") seen = result.seen;
      else seen = String(result);
      if (done) return;
    } catch (error) {
      // A check may throw to fail at once (a process died); a fetch that cannot connect yet is "not yet".
      if (!(error instanceof TypeError) && !(error instanceof WaitNotYet)) throw error;
      seen = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; last seen: ${seen}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** Thrown by a check to say "not yet, because…" without failing the wait. */
export class WaitNotYet extends Error {}
