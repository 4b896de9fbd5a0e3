// Freezes a value and everything it holds, for data shared by every request of a process (held
// rules and catalog data, their parses): a mutation throws instead of leaking into other requests.
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    // Maps and Sets freeze as objects only; their entries are frozen one by one.
    if (value instanceof Map) {
      for (const [key, inner] of value) {
        deepFreeze(key);
        deepFreeze(inner);
      }
    } else if (value instanceof Set) for (const inner of value) deepFreeze(inner);
    else if (!(value instanceof Date)) for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
