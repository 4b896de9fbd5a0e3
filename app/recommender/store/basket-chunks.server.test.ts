// The rebuild's read: counted orders and their held lines, in order-id order, the same whether
// read on one connection or two, in chunks of any size.
import { describe, expect, it } from "vitest";
import { uniqueShop } from "../../../tests/support/shops";
import { sqlPool } from "../../db/sql-pool.server";
import prisma from "../../db.server";
import { countedBasketChunks, forEachBasket, secondReader } from "./basket-chunks.server";
import { ensureShop } from "../../shops/shop.server";

async function seed(shop: string): Promise<void> {
  await ensureShop(shop);
  const at = new Date("2026-11-01T00:00:00Z");
  for (let id = 1; id <= 23; id++) {
    await prisma.order.create({
      data: {
        shop,
        id: BigInt(id),
        name: `#${id}`,
        currencyCode: "USD",
        subtotalPrice: "1",
        totalPrice: "1",
        processedAt: new Date(at.getTime() + id * 60_000),
        sourceUpdatedAt: at,
        counted: id % 7 !== 0,
      },
    });
    await prisma.orderLine.createMany({
      data: [
        { shop, id: BigInt(id * 10), orderId: BigInt(id), productId: BigInt(100 + (id % 5)), quantity: 1, price: "1" },
        {
          shop,
          id: BigInt(id * 10 + 1),
          orderId: BigInt(id),
          productId: BigInt(200 + (id % 3)),
          quantity: 2,
          refundedQuantity: id % 4 === 0 ? 2 : 0,
          price: "1",
        },
        { shop, id: BigInt(id * 10 + 2), orderId: BigInt(id), productId: null, quantity: 1, price: "1" },
      ],
    });
  }
}

async function readAll(shop: string, perChunk: number, twoReaders: boolean) {
  const client = await sqlPool().connect();
  let opened = 0;
  const open = secondReader(sqlPool());
  try {
    // What the rebuild counts: each counted order's time and held products (lines of orders that
    // do not count may ride along inside a chunk's id range; forEachBasket skips them).
    const baskets: [number, number, number[]][] = [];
    let chunks = 0;
    const stream = countedBasketChunks(client, shop, perChunk, twoReaders ? async () => (opened++, open()) : undefined);
    for await (const chunk of stream) {
      chunks++;
      forEachBasket(chunk, (order, start, end) =>
        baskets.push([chunk.orderIds[order], chunk.processedMs[order], [...chunk.lineProducts.subarray(start, end)]]),
      );
    }
    return { chunks, opened, baskets };
  } finally {
    client.release();
  }
}

describe("countedBasketChunks", () => {
  it("gives the same rows, in order, on one connection or two, whatever the chunk size", async () => {
    const shop = uniqueShop();
    const other = uniqueShop("other");
    await seed(shop);
    await seed(other); // same ids: another shop's rows must never appear
    const single = await readAll(shop, 1000, false);
    expect(single.chunks).toBe(1);
    expect(single.baskets.map(([id]) => id)).toEqual([
      1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 22, 23,
    ]);
    expect(single.baskets.find(([id]) => id === 4)![2]).toEqual([104]); // its 2xx line was refunded in full
    expect(single.baskets.find(([id]) => id === 5)![2]).toEqual([100, 202]);
    for (const perChunk of [1, 3, 7, 20]) {
      const two = await readAll(shop, perChunk, true);
      expect(two.opened).toBe(1);
      expect([perChunk, two.baskets.map(([id]) => id)]).toEqual([perChunk, single.baskets.map(([id]) => id)]);
      expect([perChunk, two.chunks]).toEqual([perChunk, Math.ceil(20 / perChunk)]);
      expect(two.baskets).toEqual(single.baskets);
    }
  });
});
