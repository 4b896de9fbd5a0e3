import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CsvRecordSplitter, InputError, readOrdersCsv } from "./orders-csv";

const split = (...lines: string[]): (string[] | null)[] => {
  const splitter = new CsvRecordSplitter();
  return lines.map((line) => splitter.push(line));
};

describe("CsvRecordSplitter (RFC 4180)", () => {
  it("splits plain fields, keeping empty ones", () => {
    expect(split("a,b,,d")).toEqual([["a", "b", "", "d"]]);
    expect(split("")).toEqual([[""]]);
  });

  it("unquotes fields with commas and doubled quotes", () => {
    expect(split('1,"Shirt, blue","say ""hi""",""')).toEqual([["1", "Shirt, blue", 'say "hi"', ""]]);
  });

  it("joins a quoted field across line breaks", () => {
    expect(split('1,"two', 'lines",3', "4,5")).toEqual([null, ["1", "two\nlines", "3"], ["4", "5"]]);
  });

  it("reports input that ends inside quotes", () => {
    const splitter = new CsvRecordSplitter();
    splitter.push('1,"open');
    expect(splitter.unterminated).toBe(true);
  });
});

describe("readOrdersCsv", () => {
  const dir = mkdtempSync(join(tmpdir(), "pairwise-csv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("groups rows by order in order of first appearance, products deduplicated, any column order", async () => {
    const path = file(
      "orders.csv",
      "\uFEFFcreated_at,Product_ID,quantity,order_id\r\n" +
        '2025-01-01,"Shirt, blue",1,A\r\n' +
        "2025-01-01,hat,2,B\r\n" +
        "2025-01-01,hat,1,A\r\n" +
        '2025-01-01,"Shirt, blue",1,A\r\n' +
        "2025-01-02,sock,0,C\r\n" +
        "2025-01-02,,1,C\r\n" +
        '2025-01-02,"multi\nline",1,B\r\n' +
        "\r\n",
    );
    expect(await readOrdersCsv(path)).toEqual({
      orders: [
        [0, 1],
        [1, 2],
      ],
      productIds: ["Shirt, blue", "hat", "multi\nline"],
      rows: 7,
      skippedRows: 2, // quantity 0, blank product
    });
  });

  it("names the missing column", async () => {
    await expect(readOrdersCsv(file("bad.csv", "order,product_id\n1,a\n"))).rejects.toThrow(
      new InputError("missing column order_id (header: order,product_id)"),
    );
    await expect(readOrdersCsv(file("empty.csv", ""))).rejects.toThrow(InputError);
    await expect(readOrdersCsv(file("open.csv", 'order_id,product_id\n1,"a\n'))).rejects.toThrow(/quoted field/);
  });
});
