// The stored catalog facts (`products.offer_facts`, kept by database triggers) against the facts
// read straight from the product and variant rows, after every kind of write the app and its
// webhooks make: products and variants inserted, updated, moved, deleted, several per statement.
import { describe, expect, it } from "vitest";
import { uniqueShop } from "../../../tests/support/shops";
import prisma from "../../db.server";
import type { CatalogProduct } from "../engine/types";
import { parseCatalogFacts } from "./offer-catalog.server";
import { ensureShop } from "../../shops/shop.server";

async function storedFacts(shop: string): Promise<CatalogProduct[]> {
  const rows = await prisma.product.findMany({ where: { shop }, select: { offerFacts: true }, orderBy: { id: "asc" } });
  return rows.map((row) => parseCatalogFacts(`[${row.offerFacts}]`)[0]);
}

/** What the facts must say, from the rows themselves (Prisma, no SQL JSON). */
async function expectedFacts(shop: string): Promise<CatalogProduct[]> {
  const products = await prisma.product.findMany({
    where: { shop },
    orderBy: { id: "asc" },
    include: { variants: { orderBy: [{ position: "asc" }, { id: "asc" }] } },
  });
  return products.map((p) => ({
    id: String(p.id),
    title: p.title,
    handle: p.handle,
    productType: p.productType,
    vendor: p.vendor,
    tags: p.tags,
    collectionIds: p.collectionIds.map(String),
    status: p.status,
    available: p.available,
    variants: p.variants.map((v) => ({
      id: String(v.id),
      productId: String(v.productId),
      title: v.title,
      price: Number(v.price),
      available: v.available,
      position: v.position,
    })),
  }));
}

const product = (shop: string, id: bigint, title: string) => ({
  shop,
  id,
  title,
  handle: `p-${id}`,
  tags: ["a"],
  collectionIds: [5n],
  sourceUpdatedAt: new Date(),
});
const variant = (shop: string, id: bigint, productId: bigint, price: string, position = 1) => ({
  shop,
  id,
  productId,
  title: `V${id}`,
  price,
  position,
});

describe("products.offer_facts", () => {
  it("equals the product and its variants after inserts, updates, moves and deletes", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    const check = async (step: string) => expect(await storedFacts(shop), step).toEqual(await expectedFacts(shop));

    await prisma.product.createMany({
      data: [product(shop, 1n, "One"), product(shop, 2n, "Two"), product(shop, 3n, "Three")],
    });
    await check("products without variants");
    expect((await storedFacts(shop))[0].variants).toEqual([]);

    await prisma.variant.createMany({
      data: [variant(shop, 11n, 1n, "10.50", 2), variant(shop, 12n, 1n, "12.00", 1), variant(shop, 21n, 2n, "20.00")],
    });
    await check("variants of two products in one statement");

    await prisma.variant.update({ where: { shop_id: { shop, id: 11n } }, data: { price: "9.99", available: false } });
    await check("a variant's price and availability");

    await prisma.variant.update({ where: { shop_id: { shop, id: 21n } }, data: { productId: 3n } });
    await check("a variant moved to another product (both products change)");
    expect((await storedFacts(shop))[1].variants).toEqual([]);

    await prisma.product.update({
      where: { shop_id: { shop, id: 1n } },
      data: { title: "One, renamed", tags: ["b", "c"], available: false, status: "DRAFT" },
    });
    await check("a product's own fields");

    await prisma.variant.deleteMany({ where: { shop, id: { in: [12n, 21n] } } });
    await check("variants deleted");

    await prisma.product.delete({ where: { shop_id: { shop, id: 1n } } });
    await check("a product deleted with its variants (cascade)");
  });

  it("is written by the database whatever a writer puts in it", async () => {
    const shop = uniqueShop();
    await ensureShop(shop);
    await prisma.product.create({ data: { ...product(shop, 1n, "One"), offerFacts: '{"forged":true}' } });
    await prisma.product.update({ where: { shop_id: { shop, id: 1n } }, data: { offerFacts: null } });
    expect(await storedFacts(shop)).toEqual(await expectedFacts(shop));
  });
});
