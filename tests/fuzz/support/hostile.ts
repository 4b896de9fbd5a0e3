// Hostile input for the fuzz suite: strings that break encoders and databases, ids around the edges
// of the number types, bodies that are not JSON, and JSON of the wrong shape or depth.
import fc from "fast-check";

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Strings known to trip encoders, parsers, Postgres and HTML. */
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "\ufeff",
  "\u202e\u2066",
  "é".normalize("NFD"),
  "𝕳𝖊𝖑𝖑𝖔",
  "👩‍👩‍👧‍👦",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0x10",
  "1e999",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "'); DROP TABLE rules; --",
  "${7*7}{{7*7}}",
  "$&$'$`",
  "../../../../etc/passwd",
  "%00%ff%c0%af",
  "\r\nX-Injected: 1",
  "__proto__",
  "constructor",
  "gid://shopify/Product/1",
];

/** A hostile string: a known-nasty one, arbitrary unicode, one with a lone surrogate or NUL inside, or a long one. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  // Twice as likely: what Postgres refuses (NUL in text, a lone surrogate in jsonb).
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.oneof(loneSurrogate, fc.constant("\u0000")), fc.string({ maxLength: 10 }))
      .map((parts) => parts.join("")),
  },
  fc
    .tuple(fc.constantFrom("a", "9", "é", "\ud800", "%"), fc.integer({ min: 256, max: 5000 }))
    .map(([unit, times]) => unit.repeat(times)),
);

/** Decimal digits of an id at the edges: up to 2^53, 18–20 digits, 2^63±1, 2^64, longer. */
export const idDigits: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "9007199254740991",
    "9007199254740993",
    "820982911946154508",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "99999999999999999999",
    "0000000000000000000001",
  ),
  fc.bigInt({ min: 10n ** 17n, max: 10n ** 20n - 1n }).map(String),
  fc.integer({ min: 21, max: 400 }).map((length) => "9".repeat(length)),
);

/** Ids every route must take without a 5xx: 2^53±1, Shopify's 18-digit sample id, 2^63−1, 2^63, 19 nines (issue #13), 2^64, 20 digits. */
export const EDGE_IDS = [
  "9007199254740993",
  "820982911946154508",
  "9223372036854775807",
  "9223372036854775808",
  "9999999999999999999",
  "18446744073709551616",
  "99999999999999999999",
];

/** Exact ids Postgres' bigint holds, above 2^53 (where a JSON number loses digits in JavaScript). */
export const bigintRangeIdDigits: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("9007199254740993", "820982911946154508", "820982911946154509", "9223372036854775807"),
  fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 63n - 1n }).map(String),
);

/** An id-shaped value that is not a plain id. */
export const hostileIdText: fc.Arbitrary<string> = fc.oneof(
  idDigits,
  fc.constantFrom(
    "-1",
    "1.5",
    "1e3",
    "0x1f",
    " 1",
    "1 ",
    "+1",
    "１２３",
    "٣",
    "gid://shopify/Product/99999999999999999999",
    "",
  ),
  hostileString,
);

/** A JSON value of any type, hostile strings and numbers included. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

/** Raw JSON number text: bigger than any number type, or with exponents. */
export const hugeNumberText: fc.Arbitrary<string> = fc.oneof(
  idDigits,
  fc.constantFrom(
    "1e309",
    "-1e309",
    "1E400",
    "123456789012345678901234567890.5",
    "-0",
    "0.0000000000000000000000001",
    "1e-400",
  ),
);

/** A body that is not JSON (or JSON only in part), as text or as bytes that are not UTF-8. */
export const nonJsonBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "{",
    "}",
    "[",
    '{"id":',
    '{"id":1,}',
    "{'id':1}",
    "NaN",
    "undefined",
    "\ufeff{}",
    '{"id":1}garbage',
    "<xml/>",
    "id=1&shop=x",
    '"\\ud800"',
    '{"a":"\\u0000"}',
    '{"a":"\\ud800"}',
    '{"a":"\\udc00\\ud800"}',
  ),
  hostileString,
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    Buffer.from([0xed, 0xa0, 0x80]),
  ),
);

/** JSON text nested `depth` deep (arrays or objects). */
export function deepJsonText(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

export const nestingDepth = fc.constantFrom(64, 1_000, 10_000, 100_000);

/** Content types a client could send, right or wrong. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(
    undefined,
    "",
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=xyz",
    "application/xml",
    "application/octet-stream",
    "*/*",
    "application/json, text/plain",
    "image/png",
  ),
  hostileString.filter((text) => /^[\t\x20-\x7e]*$/.test(text)),
);

/** Every leaf path of a JSON-like object: [key, key, index…]. */
export function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.length === 0 ? [prefix] : value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length === 0 ? [prefix] : entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  }
  return [prefix];
}

/** A copy of `value` with the node at `path` replaced (or removed, with `undefined`). */
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<
    string | number,
    unknown
  >;
  if (rest.length === 0 && replacement === undefined) delete copy[head];
  else copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

/** Paths of every node (not only leaves), for removing or replacing whole objects and lists. */
export function nodePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => nodePaths(item, [...prefix, index]))
    : value && typeof value === "object"
      ? Object.entries(value).flatMap(([key, item]) => nodePaths(item, [...prefix, key]))
      : [];
  return prefix.length === 0 ? children : [prefix, ...children];
}

/**
 * `sample` with one node replaced by a hostile value, removed, or given a raw JSON text (a huge
 * number or deep nesting), as JSON text.
 */
export function mutatedJson(sample: unknown): fc.Arbitrary<{ path: string; body: string }> {
  const paths = nodePaths(sample);
  const MARK = "\u0001__fuzz_raw__\u0001";
  return fc
    .tuple(
      fc.constantFrom(...paths),
      fc.oneof(
        { weight: 6, arbitrary: hostileJsonValue.map((value) => ({ value })) },
        { weight: 1, arbitrary: fc.constant({ value: undefined }) },
        { weight: 2, arbitrary: hugeNumberText.map((raw) => ({ raw })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(64, 1_000, 10_000), fc.constantFrom("array" as const, "object" as const))
            .map(([depth, kind]) => ({ raw: deepJsonText(depth, kind) })),
        },
      ),
    )
    .map(([path, change]) => {
      const replacement = "raw" in change ? MARK : change.value;
      const text = JSON.stringify(replaceAt(sample, path, replacement)) ?? "null";
      return { path: path.join("."), body: "raw" in change ? text.replace(JSON.stringify(MARK), change.raw) : text };
    });
}

/** Id fields of a sample (keys `id` or `*_id` holding a number), as paths. */
export function idPaths(sample: unknown): (string | number)[][] {
  return leafPaths(sample).filter((path) => {
    const key = path.at(-1);
    let node: unknown = sample;
    for (const step of path) node = (node as Record<string | number, unknown>)[step];
    return typeof key === "string" && (key === "id" || key.endsWith("_id")) && typeof node === "number";
  });
}

/** `sample` as JSON text with every id field set to the given digits as raw JSON numbers (no rounding). */
export function withRawIds(sample: unknown, digits: (path: (string | number)[]) => string): string {
  let marked = sample;
  const marks = new Map<string, string>();
  idPaths(sample).forEach((path, index) => {
    const mark = `\u0001id${index}\u0001`;
    marks.set(JSON.stringify(mark), digits(path));
    marked = replaceAt(marked, path, mark);
  });
  let text = JSON.stringify(marked);
  for (const [mark, raw] of marks) text = text.split(mark).join(raw);
  return text;
}
