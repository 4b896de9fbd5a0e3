// A fixed-window counter per key, in this process's memory. Enough to stop one visitor (or a
// script) from flooding the events table through one server; with several servers each allows
// its own share. Keys are bounded so memory is too.
export interface RateLimiter {
  /** True when the key may spend `cost` more in the current window. */
  take(key: string, cost?: number, now?: number): boolean;
}

export function fixedWindowLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    take(key, cost = 1, now = Date.now()) {
      if (now - windowStart >= options.windowMs) {
        windowStart = now;
        counts = new Map();
      }
      const used = counts.get(key) ?? 0;
      if (used + cost > options.limit) return false;
      if (!counts.has(key) && counts.size >= maxKeys) return false; // a flood of new keys: refuse rather than grow
      counts.set(key, used + cost);
      return true;
    },
  };
}
