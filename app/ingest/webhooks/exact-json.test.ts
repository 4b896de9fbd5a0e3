import { describe, expect, it } from "vitest";
import { parseExactJson } from "./exact-json";

describe("parseExactJson", () => {
  it("keeps integers beyond 2^53 exact, as bigints; other numbers as JSON.parse reads them", () => {
    const body = parseExactJson(
      '{"id":820982911946154508,"other":820982911946154509,"n":12,"price":10.5,"big":1e400,"neg":-9007199254740993}',
    );
    expect(body).toEqual({
      id: 820982911946154508n,
      other: 820982911946154509n,
      n: 12,
      price: 10.5,
      big: Infinity,
      neg: -9007199254740993n,
    });
  });

  it("repairs text Postgres refuses (lone surrogates, NUL) and drops properties named with it", () => {
    const body = parseExactJson(
      '{"title":"a\\ud800b","tags":["\\udc00","x\\u0000y"],"pair":"\\ud83d\\ude00","\\ud800key":1,"nul\\u0000":1,"ok":2}',
    ) as Record<string, unknown>;
    expect(body).toEqual({ title: "a\ufffdb", tags: ["\ufffd", "x\ufffdy"], pair: "😀", ok: 2 });
  });

  it("throws on what is not JSON", () => {
    for (const text of ["", "{", "nope", "{'a':1}", "[1,]"]) expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });
});
