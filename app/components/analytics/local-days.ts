// The date picker and the charts work in the browser's local dates; the range is whole days (UTC on
// the server), written YYYY-MM-DD.

export const localDate = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
};
export const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
export const shortDay = (day: string) => localDate(day).toLocaleDateString("en", { month: "short", day: "numeric" });
export const longDay = (day: string) =>
  localDate(day).toLocaleDateString("en", { month: "short", day: "numeric", year: "numeric" });
