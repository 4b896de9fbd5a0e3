// Money and rates as the analytics page and the experiment sentence show them (client-safe).

export function moneyFormatter(currencyCode: string, locale = "en"): (amount: number) => string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode || "USD" });
  } catch {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "USD" });
  }
  return (amount) => format.format(amount);
}

/** 0.1234 → "12.3%"; null (no denominator) → "—". */
export function percent(rate: number | null, digits = 1): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(digits)}%`;
}

/** a / b, or null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Money rounded to cents (sums of decimals arrive as floats). */
export const cents = (amount: number) => Math.round(amount * 100) / 100;

/** 1234 → "1,234". */
export const count = (n: number) => n.toLocaleString("en");
