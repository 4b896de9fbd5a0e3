// What an app process keeps of a database read, by the version it was read at (decision 014). Never
// trusted alone: the next read is given the held version and sends the data again when the database's
// differs, in one snapshot, so no process serves data after the write that changed it has committed.
// Bounded (least recently used out first); values are frozen, as every request shares them.
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
