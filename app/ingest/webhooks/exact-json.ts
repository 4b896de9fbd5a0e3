// JSON.parse for webhook bodies, exact and safe for Postgres, in one pass (decision 015): an integer
// beyond 2^53 keeps its exact value as a bigint; a lone surrogate or NUL in text becomes U+FFFD and a
// property named with one is dropped. Otherwise as JSON.parse; throws SyntaxError (or RangeError when
// nested too deep).

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
