// Product webhooks over real HTTP: products and variants kept current, older versions ignored,
// deletes are soft and final, collections left to the catalog sync.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { ensureShop } from "../../app/shops/shop.server";
import { startTestAppServer } from "../support/app-server";
import { drainAllJobs } from "../support/jobs";
import { productJson, type ProductSpec } from "../support/shopify-orders";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();

type ProductTopic = "products/create" | "products/update" | "products/delete";

async function deliver(topic: ProductTopic, shop: string, payload: unknown, options: { secret?: string } = {}) {
  const body = JSON.stringify(payload);
  return fetch(`${app.url()}/webhooks/${topic}`, {
    method: "POST",
    headers: webhookHeaders({ secret: options.secret ?? TEST_API_SECRET, shop, topic, body }),
    body,
  });
}

const T = (minute: number) => new Date(Date.UTC(2026, 9, 1, 12, minute));

async function shopWithProducts() {
  const shop = uniqueShop();
  await ensureShop(shop);
  return shop;
}

const product = (shop: string, id: number) =>
  prisma.product.findUnique({
    where: { shop_id: { shop, id: BigInt(id) } },
    include: { variants: { orderBy: { position: "asc" } } },
  });

describe("product webhooks", () => {
  it("stores the product and its variants, with tags as a list and availability from stock", async () => {
    const shop = await shopWithProducts();
    const spec: ProductSpec = {
      id: 1,
      title: "Tamper",
      productType: "Tool",
      vendor: "Acme",
      tags: "espresso,  gift , espresso,",
      updatedAt: T(1),
      variants: [
        { id: 11, price: "30.00", inventoryQuantity: 0, option1: "S" },
        { id: 12, price: "35.00", inventoryQuantity: 0, inventoryPolicy: "continue", option1: "M" },
        { id: 13, price: "40.00", inventoryQuantity: 0, inventoryManagement: null, option1: "L" },
      ],
    };
    expect((await deliver("products/create", shop, productJson(spec))).status).toBe(200);
    await drainAllJobs();
    const stored = await product(shop, 1);
    expect(stored).toMatchObject({
      title: "Tamper",
      handle: "product-1",
      productType: "Tool",
      vendor: "Acme",
      tags: ["espresso", "gift"],
      status: "ACTIVE",
      imageUrl: "https://cdn.example.com/1.jpg",
      available: true,
      deletedAt: null,
    });
    expect(String(stored!.priceMin)).toBe("30");
    expect(String(stored!.priceMax)).toBe("40");
    expect(stored!.variants.map((v) => [String(v.id), v.available, v.options])).toEqual([
      ["11", false, [{ name: "Size", value: "S" }]],
      ["12", true, [{ name: "Size", value: "M" }]],
      ["13", true, [{ name: "Size", value: "L" }]],
    ]);

    // Sold out everywhere: not available.
    await deliver(
      "products/update",
      shop,
      productJson({ ...spec, updatedAt: T(2), variants: [{ id: 11, inventoryQuantity: 0 }] }),
    );
    await drainAllJobs();
    expect(await product(shop, 1)).toMatchObject({ available: false });
    expect((await product(shop, 1))!.variants.map((v) => String(v.id))).toEqual(["11"]);
  });

  it("ignores an older version and leaves the catalog sync's collections alone", async () => {
    const shop = await shopWithProducts();
    await deliver("products/create", shop, productJson({ id: 1, title: "New", updatedAt: T(5) }));
    await drainAllJobs();
    await prisma.product.update({ where: { shop_id: { shop, id: 1n } }, data: { collectionIds: [77n] } });
    await deliver("products/update", shop, productJson({ id: 1, title: "Old", updatedAt: T(3) }));
    await drainAllJobs();
    expect(await product(shop, 1)).toMatchObject({ title: "New", collectionIds: [77n] });
    await deliver("products/update", shop, productJson({ id: 1, title: "Newer", status: "draft", updatedAt: T(9) }));
    await drainAllJobs();
    expect(await product(shop, 1)).toMatchObject({
      title: "Newer",
      status: "DRAFT",
      available: false,
      collectionIds: [77n],
    });
  });

  it("a delete is soft and final, whichever arrives first", async () => {
    const shop = await shopWithProducts();
    await deliver("products/create", shop, productJson({ id: 1, title: "A", updatedAt: T(1) }));
    await drainAllJobs();
    await deliver("products/delete", shop, { id: 1 });
    await deliver("products/delete", shop, { id: 2 }); // never seen
    await drainAllJobs();
    await deliver("products/update", shop, productJson({ id: 1, title: "A2", updatedAt: T(8) }));
    await deliver("products/create", shop, productJson({ id: 2, title: "B", updatedAt: T(2) }));
    await drainAllJobs();
    expect(await product(shop, 1)).toMatchObject({ title: "A2" });
    expect((await product(shop, 1))!.deletedAt).not.toBeNull();
    expect(await product(shop, 2)).toMatchObject({ title: "B" });
    expect((await product(shop, 2))!.deletedAt).not.toBeNull();
  });

  it("answers 401 to a bad signature and 400 to a bad payload, writing nothing", async () => {
    const shop = await shopWithProducts();
    expect(
      (await deliver("products/create", shop, productJson({ id: 1, updatedAt: T(1) }), { secret: "wrong" })).status,
    ).toBe(401);
    expect((await deliver("products/delete", shop, { id: 1 }, { secret: "wrong" })).status).toBe(401);
    const { title: _title, ...untitled } = productJson({ id: 1, updatedAt: T(1) });
    const response = await deliver("products/update", shop, untitled);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/title/);
    expect((await deliver("products/delete", shop, { product_id: 1 })).status).toBe(400);
    await drainAllJobs();
    expect(await prisma.product.count({ where: { shop } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
    expect(await prisma.webhookInbox.count({ where: { shop } })).toBe(0);
  });
});

describe("product webhooks: exact ids and well-formed text", () => {
  async function deliverRaw(topic: ProductTopic, shop: string, body: string) {
    return fetch(`${app.url()}/webhooks/${topic}`, {
      method: "POST",
      headers: webhookHeaders({ secret: TEST_API_SECRET, shop, topic, body }),
      body,
    });
  }

  it("two products whose ids differ only past 2^53 stay two products, with their variants", async () => {
    const shop = await shopWithProducts();
    const ids = ["788032119674292922", "788032119674292923"];
    for (const [i, id] of ids.entries()) {
      const json = JSON.stringify({
        ...productJson({ id: 1, title: `P${i}`, updatedAt: T(1), variants: [{ id: 11 + i, price: "5.00" }] }),
        id: "__ID__",
      });
      // The id as a JSON number with all its digits, as Shopify sends it.
      expect((await deliverRaw("products/create", shop, json.replace('"__ID__"', id))).status).toBe(200);
    }
    await drainAllJobs();
    const stored = await prisma.product.findMany({
      where: { shop },
      orderBy: { id: "asc" },
      include: { variants: true },
    });
    expect(
      stored.map((row) => [String(row.id), row.title, row.variants.map((variant) => String(variant.productId))]),
    ).toEqual([
      [ids[0], "P0", [ids[0]]],
      [ids[1], "P1", [ids[1]]],
    ]);
  });

  it("stores a title with a lone surrogate as well-formed text instead of failing", async () => {
    const shop = await shopWithProducts();
    const json = JSON.stringify(productJson({ id: 5, title: "TITLE", updatedAt: T(1) })).replace(
      '"TITLE"',
      '"Mug \\ud800"',
    );
    expect((await deliverRaw("products/create", shop, json)).status).toBe(200);
    await drainAllJobs();
    expect(await product(shop, 5)).toMatchObject({ title: "Mug \ufffd" });
  });
});
