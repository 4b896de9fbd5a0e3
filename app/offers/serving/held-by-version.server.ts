// What an app process keeps of a database read, by the version it was read at (a value database
// triggers change on every write to what it was read from). Never trusted alone: the caller sends
// the version it holds with the next read, and the read sends the data again whenever the
// database's version differs, in the same snapshot as everything else it reads. So any number of
// processes serve the same data, and none serves it after the write that changed it has committed.
// Bounded: the least recently used entries are dropped first. Held values are frozen, as every
// request shares them. The storefront's read holds a shop's rules and a page's catalog data so
// (app/offers/serving/offer-inputs.server.ts).
import { deepFreeze } from "../engine/deep-freeze";

export interface Held<T> {
  version: string;
  value: T;
}

export class HeldByVersion<T> {
  private readonly entries = new Map<string, Held<T>>();

  constructor(readonly maxEntries: number) {}

  /** The entry held for a key, if any (and marks it as recently used). */
  get(key: string): Held<T> | undefined {
    const held = this.entries.get(key);
    if (held) {
      this.entries.delete(key);
      this.entries.set(key, held);
    }
    return held;
  }

  /** Holds `value` (deep-frozen) as read at `version`. */
  hold(key: string, version: string, value: T): Held<T> {
    const held: Held<T> = Object.freeze({ version, value: deepFreeze(value) });
    this.entries.delete(key);
    this.entries.set(key, held);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return held;
  }
}
