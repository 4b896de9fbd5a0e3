import { describe, expect, it } from "vitest";
import { float8ArrayParam, int8ArrayParam } from "../../db/pg-binary";
import { EMPTY_BLOCKS, mergePairLayers, parsePairBlocks, type PairBlocks } from "./pair-layers";

const f = (values: number[]) => Float64Array.from(values);

function blocks(rows: Record<number, [number, number][]>): PairBlocks {
  const ids = Object.keys(rows)
    .map(Number)
    .sort((x, y) => x - y);
  const rowStart = [0];
  const partners: number[] = [];
  const together: number[] = [];
  for (const id of ids) {
    for (const [b, t] of rows[id]) {
      partners.push(b);
      together.push(t);
    }
    rowStart.push(partners.length);
  }
  return { productA: f(ids), rowStart: Int32Array.from(rowStart), partners: f(partners), together: f(together) };
}

const triples = (m: { a: Float64Array; b: Float64Array; together: Float64Array }) =>
  Array.from(m.a, (a, k) => [a, m.b[k], m.together[k]]);

describe("mergePairLayers", () => {
  it("adds delta rows to base entries, keeps pairs of either layer alone, drops zeros, in (a, b) order", () => {
    const base = blocks({
      2: [
        [3, 2],
        [5, 1],
      ],
      4: [[9, 1]],
    });
    const delta = { a: f([1, 2, 2, 2, 4, 7]), b: f([2, 3, 4, 5, 9, 8]), together: f([1, -1, 1, -1, 0.5, 3]) };
    const merged = mergePairLayers(base, delta, 1e-9);
    expect(triples(merged)).toEqual([
      [1, 2, 1],
      [2, 3, 1],
      [2, 4, 1],
      [4, 9, 1.5],
      [7, 8, 3],
    ]);
    expect(merged.drift).toBe(false);
  });

  it("flags a merged count below zero as drift and leaves it out", () => {
    const merged = mergePairLayers(
      blocks({ 1: [[2, 1]] }),
      { a: f([1, 1]), b: f([2, 3]), together: f([-2, -1]) },
      1e-9,
    );
    expect(triples(merged)).toEqual([]);
    expect(merged.drift).toBe(true);
  });

  it("reads blocks in the layout stats-store.server.ts asks Postgres for", () => {
    const int8 = (value: number) => {
      const buffer = Buffer.alloc(8);
      buffer.writeBigInt64BE(BigInt(value));
      return buffer;
    };
    const row = (a: number, partners: number[], together: number[]) => [
      int8(a),
      int8ArrayParam(partners),
      float8ArrayParam(together),
    ];
    const buffer = Buffer.concat([
      ...row(8_000_000_000_001, [8_000_000_000_002, 8_000_000_000_009], [2, 0.25]),
      ...row(8_000_000_000_002, [8_000_000_000_009], [1]),
    ]);
    const parsed = parsePairBlocks(buffer);
    expect(Array.from(parsed.productA)).toEqual([8_000_000_000_001, 8_000_000_000_002]);
    expect(Array.from(parsed.rowStart)).toEqual([0, 2, 3]);
    expect(Array.from(parsed.partners)).toEqual([8_000_000_000_002, 8_000_000_000_009, 8_000_000_000_009]);
    expect(Array.from(parsed.together)).toEqual([2, 0.25, 1]);
    expect(parsePairBlocks(null)).toBe(EMPTY_BLOCKS);
  });
});
