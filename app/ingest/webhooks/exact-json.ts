// JSON.parse for webhook bodies, exact and safe for Postgres, in one pass:
// - an integer beyond 2^53 keeps its exact value as a bigint (from the number's source text;
//   JSON.parse alone would round 820982911946154508 to 820982911946154500);
// - text Postgres text and jsonb refuse is repaired: a lone surrogate ("\ud800") or a NUL
//   ("\u0000") becomes U+FFFD; a property whose name has one is dropped (no field the app reads has one).
// Everything else is as JSON.parse gives it. Throws SyntaxError (or RangeError when nested too deep).

type Reviver = (this: Record<string, unknown>, key: string, value: unknown, context?: { source?: string }) => unknown;

const INTEGER_TEXT = /^-?\d+$/;

// ES2024 String methods (Node 20+); the project's TypeScript lib is ES2023.
type WellFormedText = string & { isWellFormed(): boolean; toWellFormed(): string };

const NUL = "\u0000";

function isPostgresText(text: string): boolean {
  return (text as WellFormedText).isWellFormed() && !text.includes(NUL);
}

function toPostgresText(text: string): string {
  return (text as WellFormedText).toWellFormed().replaceAll(NUL, "\ufffd");
}

const exactReviver: Reviver = function (key, value, context) {
  if (!isPostgresText(key)) return undefined;
  if (typeof value === "string") return isPostgresText(value) ? value : toPostgresText(value);
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    const source = context?.source;
    if (source !== undefined && INTEGER_TEXT.test(source)) return BigInt(source);
  }
  return value;
};

export function parseExactJson(text: string): unknown {
  return JSON.parse(text, exactReviver as Parameters<typeof JSON.parse>[1]);
}
