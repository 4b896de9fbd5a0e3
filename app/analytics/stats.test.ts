// The statistics against published values: R's `t.test(extra ~ group, data = sleep)` (Student's
// 1908 sleep data, Welch by default) and standard t and normal quantile tables.
import { describe, expect, it } from "vitest";
import { experiment } from "./experiment";
import { normalCdf, normalQuantile, sampleOf, studentTCdf, studentTQuantile, twoSidedP, welchInterval } from "./stats";

// Cushny & Peebles' sleep data as in R's `sleep` (extra hours of sleep, two drugs, 10 patients each).
const GROUP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const GROUP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("Welch's two-sample t interval", () => {
  it("matches R's Welch Two Sample t-test on the sleep data", () => {
    // R: t = -1.8608, df = 17.776, p-value = 0.07939
    //    95 percent confidence interval: -3.3654832  0.2054832; means 0.75 and 2.33
    const a = sampleOf(GROUP_1);
    const b = sampleOf(GROUP_2);
    expect(a.mean).toBeCloseTo(0.75, 12);
    expect(b.mean).toBeCloseTo(2.33, 12);
    const result = welchInterval(a, b)!;
    expect(result.difference).toBeCloseTo(-1.58, 12);
    expect(result.t).toBeCloseTo(-1.8608, 4);
    expect(result.df).toBeCloseTo(17.776, 3);
    expect(result.pValue).toBeCloseTo(0.07939, 5);
    expect(result.low).toBeCloseTo(-3.3654832, 6);
    expect(result.high).toBeCloseTo(0.2054832, 6);
    expect(result.significant).toBe(false);
  });

  it("is symmetric in the groups and significant when the interval excludes zero", () => {
    const result = welchInterval(sampleOf(GROUP_2), sampleOf(GROUP_1), 0.9)!;
    // At 90% (R: conf.level = 0.9) the interval is (-3.05338, -0.10662), reversed here.
    expect(result.low).toBeCloseTo(0.1066185, 6);
    expect(result.high).toBeCloseTo(3.0533815, 6);
    expect(result.significant).toBe(true);
  });

  it("is undefined with fewer than two observations or no variance", () => {
    expect(welchInterval(sampleOf([1]), sampleOf([1, 2, 3]))).toBeNull();
    expect(welchInterval(sampleOf([0, 0, 0]), sampleOf([0, 0]))).toBeNull();
  });
});

describe("distributions", () => {
  it.each([
    [1, 12.706204736],
    [2, 4.30265273],
    [10, 2.228138852],
    [30, 2.042272456],
    [1000, 1.962339081],
  ])("t quantile 0.975 with %d degrees of freedom is %f", (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 6);
    expect(studentTCdf(expected, df)).toBeCloseTo(0.975, 9);
    expect(studentTQuantile(0.025, df)).toBeCloseTo(-expected, 6);
  });

  it("normal quantiles and tails", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902, 8);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(twoSidedP(1.959963985, 1e9)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(10, 50)).toBeLessThan(1e-12);
  });
});

describe("the experiment sentence", () => {
  const money = (amount: number) => `${amount < 0 ? "-" : ""}$${Math.abs(amount).toFixed(2)}`;
  const orders = sampleOf([40, 60]);

  it("says when the difference is not significant yet, with the interval and sample sizes", () => {
    const result = experiment(
      { perVisitor: sampleOf(GROUP_2), orderValue: orders, revenue: 23.3 },
      { perVisitor: sampleOf(GROUP_1), orderValue: orders, revenue: 7.5 },
      money,
    );
    expect(result.sentence).toBe(
      "Visitors shown offers spent $1.58 more per visitor than the holdout group (95% confidence interval -$0.21 to $3.37; 10 visitors shown offers, 10 visitors in the holdout). " +
        "The interval includes zero, so the difference is not statistically significant yet.",
    );
    expect(result.significant).toBe(false);
    expect(result.lift).toBeCloseTo(2.33 / 0.75 - 1, 12);
  });

  it("says when it is significant", () => {
    const result = experiment(
      { perVisitor: sampleOf([10, 11, 12, 13]), orderValue: orders, revenue: 46 },
      { perVisitor: sampleOf([0, 1, 2, 1]), orderValue: orders, revenue: 4 },
      money,
    );
    expect(result.sentence).toMatch(
      /^Visitors shown offers spent \$10\.50 more per visitor .*The difference is statistically significant at the 95% level\.$/,
    );
  });

  it("says when there is no holdout to compare with", () => {
    const none = { perVisitor: sampleOf([]), orderValue: sampleOf([]), revenue: 0 };
    expect(experiment({ perVisitor: sampleOf([1, 2]), orderValue: orders, revenue: 3 }, none, money).sentence).toMatch(
      /^No visitor of the holdout group was recorded/,
    );
  });
});
