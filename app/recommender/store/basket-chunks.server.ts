// The rebuild's input: a shop's counted orders and their lines, streamed in order-id chunks as
// binary arrays, read ahead on up to two connections.
import pg from "pg";
import { readFloat8Array, readInt8Array } from "../../db/pg-binary";
import { warnConnectionLost } from "../../db/sql-pool.server";
import { defineStatement, sql } from "../../db/statements.server";
import { MAX_ITEM_ID } from "../core/types";

/** One round trip's worth of counted orders and their lines. */
export interface BasketChunk {
  /** Counted orders, ascending by id, and their processed_at in ms. */
  orderIds: Float64Array;
  processedMs: Float64Array;
  /** Lines still held of the orders in the chunk's id range, grouped by order (ascending): the order id and product id of each. */
  lineOrders: Float64Array;
  lineProducts: Float64Array;
}

/** Orders per read: bounds memory for shops of any size, and lets Postgres read the next chunk while this one is counted. */
export const ORDERS_PER_CHUNK = 25_000;

const CHUNK_BOUNDS = defineStatement<{ id: string }>(
  "pairwise-rebuild-chunk-bounds",
  // Ordered by the bigint (o.id), not by its text form.
  `SELECT o.id::text AS id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM orders WHERE shop = $1 AND counted) o
   WHERE o.n % $2 = 0 ORDER BY o.id`,
  { columns: ["id"] },
);

const READ_CHUNK = defineStatement<{
  ids: Buffer | null;
  ms: Buffer | null;
  line_orders: Buffer | null;
  line_products: Buffer | null;
}>(
  "pairwise-rebuild-chunk",
  `WITH chunk AS MATERIALIZED (
     SELECT id, (extract(epoch FROM processed_at) * 1000)::float8 AS ms FROM orders
     WHERE shop = $1 AND counted AND id > $2::bigint AND id <= $3::bigint ORDER BY id
   )
   SELECT (SELECT array_send(array_agg(id ORDER BY id)) FROM chunk) AS ids,
          (SELECT array_send(array_agg(ms ORDER BY id)) FROM chunk) AS ms,
          array_send(array_agg(l.order_id ORDER BY l.order_id)) AS line_orders,
          array_send(array_agg(l.product_id ORDER BY l.order_id)) AS line_products
   FROM order_lines l
   WHERE l.shop = $1 AND l.order_id >= (SELECT min(id) FROM chunk) AND l.order_id <= (SELECT max(id) FROM chunk)
     AND l.product_id IS NOT NULL AND l.product_id <= ${MAX_ITEM_ID} AND l.quantity > l.refunded_quantity`,
  { columns: ["ids", "ms", "line_orders", "line_products"] },
);

/**
 * Streams the shop's counted orders and their lines in order-id order, as binary arrays
 * (array_send; see db/pg-binary.ts). Each part is a range scan of one table: no join for the
 * planner to get wrong on a table it has no statistics for yet.
 *
 * The chunks' order-id ranges are fixed first (one index-only pass), so chunks can be read ahead:
 * the next one while the caller counts this one, and with a second connection (`readers`), two at
 * a time, one Postgres backend each. Reading, not counting, is the rebuild's longest phase. The
 * readers see the same rows because the caller holds the shop's exclusive statistics lock: no
 * ingest of this shop's orders commits until the rebuild does.
 */
export async function* countedBasketChunks(
  client: pg.ClientBase,
  shop: string,
  ordersPerChunk = ORDERS_PER_CHUNK,
  openReader?: () => Promise<SecondReader>,
): AsyncGenerator<BasketChunk> {
  const bounds = await sql.query(client, CHUNK_BOUNDS, [shop, ordersPerChunk]);
  const ranges: [string, string][] = [];
  let after = "0";
  for (const { id } of bounds) {
    ranges.push([after, id]);
    after = id;
  }
  ranges.push([after, "9223372036854775807"]);
  // A second connection only pays off beyond one chunk.
  const reader = openReader && ranges.length > 1 ? await openReader() : null;
  const connections = reader ? [client, reader.client] : [client];
  const read = async (connection: pg.ClientBase, [from, to]: [string, string]): Promise<BasketChunk> => {
    const [row] = await sql.query(connection, READ_CHUNK, [shop, from, to]);
    return {
      orderIds: readInt8Array(row.ids),
      processedMs: readFloat8Array(row.ms),
      lineOrders: readInt8Array(row.line_orders),
      lineProducts: readInt8Array(row.line_products),
    };
  };
  // Chunk k is read on connection k mod n; each connection has one chunk in flight, plus the
  // caller's, so reading runs ahead of counting by at most one chunk per connection.
  const pending: Promise<BasketChunk>[] = [];
  const start = (k: number) => {
    if (k >= ranges.length) return;
    const chunk = read(connections[k % connections.length], ranges[k]);
    chunk.catch(() => {}); // awaited in turn below; a consumer that stops early must not leave it unhandled
    pending[k] = chunk;
  };
  try {
    for (let k = 0; k < connections.length; k++) start(k);
    for (let k = 0; k < ranges.length; k++) {
      const chunk = await pending[k];
      delete pending[k];
      start(k + connections.length);
      if (chunk.orderIds.length > 0) yield chunk;
    }
  } finally {
    await Promise.allSettled(pending.filter(Boolean));
    await reader?.close();
  }
}

export interface SecondReader {
  client: pg.ClientBase;
  close: () => Promise<void>;
}

/**
 * A connection of its own (not the pool's: rebuilds holding two pooled connections each could
 * exhaust the pool and wait on each other), read-only.
 */
export function secondReader(pool: pg.Pool): () => Promise<SecondReader> {
  return async () => {
    const client = new pg.Client({ connectionString: pool.options.connectionString });
    // A lost connection fails the rebuild's query; unheard, its "error" event would end the process.
    client.on("error", warnConnectionLost);
    await client.connect();
    await client.query("SET default_transaction_read_only = on");
    return { client, close: () => client.end() };
  };
}

/** Calls visit(start, end) with each counted order's run of lines in chunk.lineProducts (empty when it has none). */
export function forEachBasket(chunk: BasketChunk, visit: (order: number, start: number, end: number) => void): void {
  const { orderIds, lineOrders } = chunk;
  let j = 0;
  for (let o = 0; o < orderIds.length; o++) {
    const id = orderIds[o];
    while (j < lineOrders.length && lineOrders[j] < id) j++; // lines of an order in the range that does not count
    const start = j;
    while (j < lineOrders.length && lineOrders[j] === id) j++;
    visit(o, start, j);
  }
}
