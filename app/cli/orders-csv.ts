import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** A problem with the input that the user must fix (the CLI exits 2). */
export class InputError extends Error {}

/**
 * RFC 4180 record splitter fed one physical line at a time, so a file can be streamed with
 * readline: a quoted field may hold commas, doubled quotes ("") and line breaks, in which
 * case push() returns null until the record's closing line arrives.
 */
export class CsvRecordSplitter {
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;

  push(line: string): string[] | null {
    if (!this.inQuotes && !line.includes('"')) {
      return line.split(","); // fast path: the usual unquoted line
    }
    if (this.inQuotes) this.field += "\n"; // the break readline consumed was inside quotes
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (this.inQuotes) {
        if (c !== '"') this.field += c;
        else if (line[i + 1] === '"') {
          this.field += '"';
          i++;
        } else this.inQuotes = false;
      } else if (c === '"') this.inQuotes = true;
      else if (c === ",") {
        this.fields.push(this.field);
        this.field = "";
      } else this.field += c;
    }
    if (this.inQuotes) return null;
    const record = [...this.fields, this.field];
    this.fields = [];
    this.field = "";
    return record;
  }

  /** True when the input ended inside a quoted field. */
  get unterminated(): boolean {
    return this.inQuotes;
  }
}

export interface OrdersFile {
  /** Each order's distinct products (dense ids), orders and products in order of first appearance. */
  readonly orders: number[][];
  /** Dense product id → the file's product_id. */
  readonly productIds: string[];
  readonly rows: number;
  /** Rows left out: blank ids, too few fields, or a quantity that is not a positive number. */
  readonly skippedRows: number;
}

const REQUIRED_COLUMNS = ["order_id", "product_id"] as const;

/** Streams an order-lines CSV (header order_id, product_id; optional quantity, created_at; any order). */
export async function readOrdersCsv(path: string): Promise<OrdersFile> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  const splitter = new CsvRecordSplitter();
  let columns: { order: number; product: number; quantity: number } | null = null;
  const orderIndex = new Map<string, number>();
  const productIndex = new Map<string, number>();
  const orders: number[][] = [];
  const productIds: string[] = [];
  let rows = 0;
  let skippedRows = 0;

  for await (const line of lines) {
    const record = splitter.push(columns === null ? line.replace(/^\uFEFF/, "") : line);
    if (record === null) continue;
    if (columns === null) {
      columns = locateColumns(record);
      continue;
    }
    if (record.length === 1 && record[0] === "") continue; // blank line
    rows++;
    const orderId = record[columns.order]?.trim() ?? "";
    const productId = record[columns.product]?.trim() ?? "";
    const quantity = columns.quantity < 0 ? 1 : Number(record[columns.quantity]);
    if (orderId === "" || productId === "" || !(quantity > 0)) {
      skippedRows++;
      continue;
    }
    let product = productIndex.get(productId);
    if (product === undefined) {
      product = productIds.length;
      productIndex.set(productId, product);
      productIds.push(productId);
    }
    let order = orderIndex.get(orderId);
    if (order === undefined) {
      order = orders.length;
      orderIndex.set(orderId, order);
      orders.push([]);
    }
    const basket = orders[order];
    if (!basket.includes(product)) basket.push(product);
  }
  if (columns === null) throw new InputError(`${path} is empty: expected a header with ${REQUIRED_COLUMNS.join(",")}`);
  if (splitter.unterminated) throw new InputError(`${path} ends inside a quoted field`);
  return { orders, productIds, rows, skippedRows };
}

function locateColumns(header: readonly string[]): { order: number; product: number; quantity: number } {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new InputError(
      `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (header: ${header.join(",")})`,
    );
  }
  return {
    order: names.indexOf("order_id"),
    product: names.indexOf("product_id"),
    quantity: names.indexOf("quantity"),
  };
}
