import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, parseEvalArgs } from "./eval";
import { InputError } from "./orders-csv";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe("parseEvalArgs", () => {
  it("applies defaults", () => {
    expect(parseEvalArgs(["--orders", "x.csv"])).toEqual({
      orders: "x.csv",
      k: 10,
      similarity: "blend",
      validation: false,
      json: false,
      help: false,
    });
  });

  it("reads every option", () => {
    expect(
      parseEvalArgs(["--orders=x.csv", "--k", "5", "--similarity", "cosine", "--json", "--validation"]),
    ).toMatchObject({
      k: 5,
      similarity: "cosine",
      json: true,
      validation: true,
    });
  });

  it.each([
    [[], /--orders FILE is required/],
    [["--orders", "x.csv", "--k", "0"]],
    [["--orders", "x.csv", "--k", "ten"]],
    [["--orders", "x.csv", "--similarity", "magic"], /similarity/],
    [["--orders", "x.csv", "--bogus"], /bogus/],
    [["--orders", "x.csv", "extra"]],
  ])("rejects %j", (argv, message?: RegExp) => {
    expect(() => parseEvalArgs(argv)).toThrow(InputError);
    if (message) expect(() => parseEvalArgs(argv)).toThrow(message);
  });
});

describe("eval command", () => {
  const dir = mkdtempSync(join(tmpdir(), "pairwise-eval-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = join(dir, "orders.csv");
  // Same orders as evaluate.test.ts's hand-computed example, with string ids.
  const baskets = [
    ["a", "b"],
    ["a", "b"],
    ["a", "b"],
    ["c", "d"],
    ["c", "d"],
    ["a", "e"],
    ["a", "e"],
    ["e"],
    ["c", "d", "z"],
    ["b"],
  ];
  writeFileSync(csv, "order_id,product_id\n" + baskets.flatMap((b, i) => b.map((p) => `o${i},${p}`)).join("\n") + "\n");

  it("--json prints exactly one JSON object with the figures", async () => {
    const { code, out, err } = await run(["--orders", csv, "--k", "2", "--similarity", "count", "--json"]);
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out.endsWith("\n")).toBe(true);
    expect(JSON.parse(out)).toEqual({
      k: 2,
      trials: 3,
      recommender: { hr: 2 / 3, ndcg: 2 / 3, coverage: 4 / 5 },
      popularity: { hr: 0, ndcg: 0, coverage: 2 / 5 },
    });
  });

  it("prints both rows side by side as text", async () => {
    const { code, out } = await run(["--orders", csv, "--k", "2", "--similarity", "count"]);
    expect(code).toBe(0);
    expect(out).toMatch(/trials = 3/);
    expect(out).toMatch(/recommender \(count\)\s+0\.6667\s+0\.6667\s+0\.8000/);
    expect(out).toMatch(/popularity\s+0\.0000\s+0\.0000\s+0\.4000/);
  });

  it("--validation evaluates inside the training part only", async () => {
    const { out } = await run(["--orders", csv, "--k", "2", "--json", "--validation"]);
    // first 8 orders → train the first 6, test [a, e] and [e]: 2 trials
    expect(JSON.parse(out).trials).toBe(2);
  });

  it("exits 2 with usage on bad arguments, a missing file or a missing column", async () => {
    const missingColumn = join(dir, "bad.csv");
    writeFileSync(missingColumn, "order_id,sku\n1,a\n");
    for (const argv of [
      ["--k", "3"],
      ["--orders", join(dir, "nope.csv")],
      ["--orders", missingColumn, "--json"],
    ]) {
      const { code, out, err } = await run(argv);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(/usage: npm run eval/);
    }
  });

  it("--help prints usage and succeeds", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    expect(out).toMatch(/--similarity NAME/);
  });
});
