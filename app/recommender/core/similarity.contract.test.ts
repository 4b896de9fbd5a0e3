import { describe, expect, it } from "vitest";
import {
  DEFAULT_SIMILARITY,
  SIMILARITIES,
  SIMILARITY_NAMES,
  blend,
  confidence,
  cosine,
  count,
  jaccard,
  lift,
  llr,
} from "./similarity";

/** Every consistent (pair, countA, countB, total) on small grids, including fractional (time-decayed) counts. */
function validInputs(): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (const total of [7, 20, 1000, 12.5]) {
    const marginals = [1, 2, 3, 5, 6.5, 7, 19, 200].filter((c) => c <= total);
    for (const a of marginals) {
      for (const b of marginals) {
        for (let p = 0; p <= Math.min(a, b); p += 0.5) {
          if (a + b - p <= total) out.push([p, a, b, total]);
        }
      }
    }
  }
  return out;
}

const INPUTS = validInputs();
const MEASURES = SIMILARITY_NAMES.map((name) => ({ name, ...SIMILARITIES[name] }));

describe.each(MEASURES)("similarity contract: $name", ({ score, symmetric }) => {
  it("gives a finite, non-negative score for every consistent input", () => {
    for (const [p, a, b, n] of INPUTS) {
      const s = score(p, a, b, n);
      expect(Number.isFinite(s), `score(${p}, ${a}, ${b}, ${n}) = ${s}`).toBe(true);
      expect(s, `score(${p}, ${a}, ${b}, ${n})`).toBeGreaterThanOrEqual(0);
    }
  });

  it("scores 0 for items never bought together", () => {
    for (const [, a, b, n] of INPUTS) expect(score(0, a, b, n)).toBe(0);
  });

  it("scores 0, not NaN, when an item has no orders", () => {
    expect(score(0, 0, 5, 10)).toBe(0);
    expect(score(0, 5, 0, 10)).toBe(0);
    expect(score(0, 0, 0, 0)).toBe(0);
  });

  it("never decreases as pairs co-occur more, marginals fixed", () => {
    for (const [p, a, b, n] of INPUTS) {
      const more = p + 0.5;
      if (more > Math.min(a, b) || a + b - more > n) continue;
      expect(score(more, a, b, n), `p ${p} → ${more} at (${a}, ${b}, ${n})`).toBeGreaterThanOrEqual(score(p, a, b, n));
    }
  });

  it("rises strictly somewhere: a measure that ignores co-occurrence is no measure", () => {
    expect(score(30, 40, 40, 100)).toBeGreaterThan(score(20, 40, 40, 100));
  });

  it("is deterministic", () => {
    for (const [p, a, b, n] of INPUTS.slice(0, 200)) expect(score(p, a, b, n)).toBe(score(p, a, b, n));
  });

  it(symmetric ? "is symmetric in A and B, as it claims" : "is asymmetric, as it claims", () => {
    if (symmetric) {
      for (const [p, a, b, n] of INPUTS) {
        const [ab, ba] = [score(p, a, b, n), score(p, b, a, n)];
        expect(Math.abs(ab - ba), `(${p}, ${a}, ${b}, ${n}): ${ab} vs ${ba}`).toBeLessThanOrEqual(
          1e-12 * Math.max(1, ab),
        );
      }
    } else {
      expect(INPUTS.some(([p, a, b, n]) => Math.abs(score(p, a, b, n) - score(p, b, a, n)) > 1e-9)).toBe(true);
    }
  });
});

describe("similarity values on a hand-computed example (2 of 20 orders hold both; A in 4, B in 5)", () => {
  it("count is the joint orders", () => {
    expect(count(2, 4, 5, 20)).toBe(2);
  });

  it("confidence is P(B|A) = 2/4, and P(A|B) = 2/5 the other way", () => {
    expect(confidence(2, 4, 5, 20)).toBe(0.5);
    expect(confidence(2, 5, 4, 20)).toBe(0.4);
  });

  it("cosine is 2 / sqrt(4·5)", () => {
    expect(cosine(2, 4, 5, 20)).toBeCloseTo(0.4472135955, 10);
  });

  it("jaccard is 2 / (4 + 5 − 2)", () => {
    expect(jaccard(2, 4, 5, 20)).toBeCloseTo(2 / 7, 12);
  });

  it("lift is 2·20 / (4·5) = 2 with enough support, 0 below the default floor of 5", () => {
    expect(lift(2, 4, 5, 20, { minSupport: 2 })).toBe(2);
    expect(lift(2, 4, 5, 20)).toBe(0);
    expect(lift(5, 10, 10, 100)).toBe(5);
  });

  it("llr is G² of the 2×2 table [[2, 2], [3, 13]] (checked against Σ 2k·ln(kN/rc))", () => {
    expect(llr(2, 4, 5, 20)).toBeCloseTo(1.505746254608383, 10);
    expect(llr(30, 40, 50, 100)).toBeCloseTo(17.260924347106844, 9);
  });

  it("llr is 0 for a pair bought together less often than chance (1 vs 5 expected)", () => {
    expect(llr(1, 10, 10, 20)).toBe(0);
  });

  it("blend is P(B|A) − ½·P(B): 0.5 − 0.125, and 0.4 − 0.1 the other way", () => {
    expect(blend(2, 4, 5, 20)).toBeCloseTo(0.375, 12);
    expect(blend(2, 5, 4, 20)).toBeCloseTo(0.3, 12);
  });

  it("blend floors at 0 when B is bought with A less than half as often as overall", () => {
    // P(B|A) = 0.1, P(B) = 0.5
    expect(blend(1, 10, 50, 100)).toBe(0);
  });

  it("blend is the default", () => {
    expect(DEFAULT_SIMILARITY).toBe("blend");
  });
});
