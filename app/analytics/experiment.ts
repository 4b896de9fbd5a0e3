// The holdout experiment: visitors who were shown offers (treatment) against visitors the holdout
// kept from seeing any (control), compared on revenue per visitor and on average order value, each
// with Welch's 95% interval, and said in one plain sentence. Pure; the numbers come from
// app/analytics/kpis.server.ts.
import { welchInterval, type Sample, type WelchResult } from "./stats";

export interface ExperimentGroupInput {
  /** Visitors in the group (per-visitor revenue sample: n, mean, variance over visitors, 0 for non-buyers). */
  perVisitor: Sample;
  /** The group's orders (order value sample). */
  orderValue: Sample;
  revenue: number;
}

export interface ExperimentGroup {
  visitors: number;
  orders: number;
  revenue: number;
  revenuePerVisitor: number;
  averageOrderValue: number | null;
}

export interface Experiment {
  treatment: ExperimentGroup;
  holdout: ExperimentGroup;
  /** Treatment − holdout, per visitor. */
  revenuePerVisitor: WelchResult | null;
  /** Treatment − holdout, per order. */
  averageOrderValue: WelchResult | null;
  /** Relative lift of revenue per visitor (null when the holdout's is 0). */
  lift: number | null;
  significant: boolean;
  sentence: string;
}

const group = (input: ExperimentGroupInput): ExperimentGroup => ({
  visitors: input.perVisitor.n,
  orders: input.orderValue.n,
  revenue: input.revenue,
  revenuePerVisitor: input.perVisitor.n > 0 ? input.perVisitor.mean : 0,
  averageOrderValue: input.orderValue.n > 0 ? input.orderValue.mean : null,
});

const count = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export function experiment(
  treatment: ExperimentGroupInput,
  holdout: ExperimentGroupInput,
  formatMoney: (amount: number) => string,
): Experiment {
  const rpv = welchInterval(treatment.perVisitor, holdout.perVisitor);
  const aov = welchInterval(treatment.orderValue, holdout.orderValue);
  const t = group(treatment);
  const h = group(holdout);
  const lift = h.revenuePerVisitor > 0 ? t.revenuePerVisitor / h.revenuePerVisitor - 1 : null;
  const sizes = `${count(t.visitors, "visitor")} shown offers, ${count(h.visitors, "visitor")} in the holdout`;

  let sentence: string;
  if (h.visitors === 0) {
    sentence = `No visitor of the holdout group was recorded in this period, so there is nothing to compare against yet (${sizes}).`;
  } else if (rpv === null) {
    sentence = `Not enough data yet to compare the groups (${sizes}): each needs at least two visitors and some purchases.`;
  } else {
    const direction = rpv.difference >= 0 ? "more" : "less";
    const interval = `95% confidence interval ${formatMoney(rpv.low)} to ${formatMoney(rpv.high)}`;
    sentence =
      `Visitors shown offers spent ${formatMoney(Math.abs(rpv.difference))} ${direction} per visitor than the holdout group (${interval}; ${sizes}). ` +
      (rpv.significant
        ? `The difference is statistically significant at the 95% level.`
        : `The interval includes zero, so the difference is not statistically significant yet.`);
  }
  return {
    treatment: t,
    holdout: h,
    revenuePerVisitor: rpv,
    averageOrderValue: aov,
    lift,
    significant: rpv?.significant ?? false,
    sentence,
  };
}
