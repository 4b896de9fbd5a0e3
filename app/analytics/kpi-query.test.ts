// The analytics URL parameters and the CSV writer.
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";
import { kpiSearchParams, parseKpiQuery } from "./kpi-query";

const NOW = new Date("2026-11-23T15:00:00Z");
const parse = (query: string) => parseKpiQuery(new URLSearchParams(query), NOW);

describe("parseKpiQuery", () => {
  it("defaults to the last 30 days, today included", () => {
    expect(parse("")).toEqual({ ok: true, filters: { from: "2026-10-25", to: "2026-11-23" }, report: "summary" });
    expect(parse("to=2026-01-31")).toMatchObject({ ok: true, filters: { from: "2026-01-02", to: "2026-01-31" } });
  });

  it("takes the filters, ignoring empty values, and round-trips through kpiSearchParams", () => {
    const parsed = parse(
      "from=2026-11-01&to=2026-11-03&surface=cart&kind=upgrade&rule=none&report=lines&extra=1&surface=",
    );
    const filters = { from: "2026-11-01", to: "2026-11-03", surface: "cart", kind: "upgrade", rule: "none" } as const;
    expect(parsed).toEqual({ ok: true, filters, report: "lines" });
    expect(kpiSearchParams(filters).toString()).toBe(
      "from=2026-11-01&to=2026-11-03&surface=cart&kind=upgrade&rule=none",
    );
    expect(parse(kpiSearchParams(filters, { report: "daily" }).toString())).toEqual({
      ok: true,
      filters,
      report: "daily",
    });
  });

  it("explains what is wrong", () => {
    expect(parse("from=2026-02-30")).toEqual({ ok: false, error: "from: must be a real date" });
    expect(parse("from=2026-11-05&to=2026-11-01")).toEqual({ ok: false, error: "from: must not be after to" });
    expect(parse("from=2024-01-01&to=2026-01-01")).toEqual({
      ok: false,
      error: "to: the range may span at most 366 days",
    });
    expect(parse("surface=moon")).toMatchObject({ ok: false, error: expect.stringMatching(/^surface: /) });
    expect(parse("rule=a%20b")).toEqual({ ok: false, error: "rule: must be a rule id or none" });
  });
});

describe("CSV", () => {
  it("quotes, doubles quotes and defuses formulas in text cells only", () => {
    expect(csvCell('Tamper, "steel"')).toBe('"Tamper, ""steel"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(toCsv(["a", "b"], [[1, "x\ny"]])).toBe('a,b\r\n1,"x\ny"\r\n');
  });
});
