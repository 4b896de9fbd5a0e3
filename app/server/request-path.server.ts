// The path of a request target as Remix will route it: origin-form "/path?query" up to the query,
// or an absolute-form target's pathname (a proxy may send those).
export function requestPath(target: string): string {
  if (target.startsWith("/")) {
    const end = target.search(/[?#]/);
    return end === -1 ? target : target.slice(0, end);
  }
  try {
    return new URL(target).pathname;
  } catch {
    return "";
  }
}

/** Whether a request target carries a NUL character (%00): no route takes one, and Postgres text cannot store it. */
export function targetHoldsNul(target: string): boolean {
  return /%00/i.test(target);
}
