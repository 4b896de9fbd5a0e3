// Prices as the preview shows them, in the shop's currency (a bare amount if the code is unknown).

export function formatMoney(amount: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(amount);
  } catch {
    return amount.toFixed(2);
  }
}
