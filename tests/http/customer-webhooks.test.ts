// customers/create|update|delete over real HTTP: the tags rule conditions use, newest version wins,
// signatures and payloads checked, an erased customer never stored again, other shops untouched.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { redactCustomer } from "../../app/privacy/customer-privacy.server";
import { ensureShop } from "../../app/shops/shop.server";
import { startTestAppServer } from "../support/app-server";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { uniqueShop } from "../support/shops";
import { TEST_API_SECRET } from "../setup/test-env";

const app = startTestAppServer();

type CustomerTopic = "customers/create" | "customers/update" | "customers/delete";

async function deliver(
  topic: CustomerTopic,
  shop: string,
  payload: unknown,
  options: { secret?: string; webhookId?: string } = {},
) {
  const body = JSON.stringify(payload);
  return fetch(`${app.url()}/webhooks/${topic}`, {
    method: "POST",
    headers: webhookHeaders({
      secret: options.secret ?? TEST_API_SECRET,
      shop,
      topic,
      body,
      webhookId: options.webhookId,
    }),
    body,
  });
}

/** A customer as Shopify's REST webhook sends it, personal fields included (they must be dropped). */
const customerJson = (id: number, tags: string, minute: number) => ({
  id,
  email: "ada@example.com",
  first_name: "Ada",
  last_name: "Lovelace",
  phone: "+15555550100",
  tags,
  created_at: "2026-10-01T12:00:00-04:00",
  updated_at: new Date(Date.UTC(2026, 9, 1, 16, minute)).toISOString(),
  addresses: [{ address1: "1 Main St", city: "Springfield" }],
});

const tagsOf = async (shop: string, id: number) =>
  (await prisma.customerTags.findUnique({ where: { shop_customerId: { shop, customerId: BigInt(id) } } }))?.tags ??
  null;

async function newShop() {
  const shop = uniqueShop();
  await ensureShop(shop);
  return shop;
}

describe("customer webhooks", () => {
  it("keeps only the customer's tags, newest version first, whatever order they arrive in", async () => {
    const shop = await newShop();
    expect((await deliver("customers/create", shop, customerJson(5, "VIP,  wholesale , VIP", 1))).status).toBe(200);
    expect(await tagsOf(shop, 5)).toEqual(["VIP", "wholesale"]);
    await deliver("customers/update", shop, customerJson(5, "VIP, gold", 5));
    await deliver("customers/update", shop, customerJson(5, "", 3)); // late: older than the stored version
    expect(await tagsOf(shop, 5)).toEqual(["VIP", "gold"]);
    const row = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM customer_tags WHERE shop = ${shop}`;
    expect(Object.keys(row[0]).sort()).toEqual(["customer_id", "shop", "source_updated_at", "tags"]);
    expect(JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? String(value) : value))).not.toMatch(
      /Ada|example\.com|Main St/,
    );
  });

  it("acknowledges a repeated delivery without applying it twice, and deletes with the customer", async () => {
    const shop = await newShop();
    const first = await deliver("customers/update", shop, customerJson(6, "VIP", 1), { webhookId: "c-1" });
    await prisma.customerTags.update({
      where: { shop_customerId: { shop, customerId: 6n } },
      data: { tags: ["changed meanwhile"] },
    });
    const again = await deliver("customers/update", shop, customerJson(6, "VIP", 1), { webhookId: "c-1" });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await tagsOf(shop, 6)).toEqual(["changed meanwhile"]);
    expect((await deliver("customers/delete", shop, { id: 6 })).status).toBe(200);
    expect(await tagsOf(shop, 6)).toBeNull();
  });

  it("refuses bad signatures (401) and bad payloads (400), and writes nothing", async () => {
    const shop = await newShop();
    expect(
      (await deliver("customers/update", shop, customerJson(7, "VIP", 1), { secret: "not-the-secret" })).status,
    ).toBe(401);
    expect((await deliver("customers/update", shop, { id: "seven", tags: "VIP" })).status).toBe(400);
    expect(await prisma.customerTags.count({ where: { shop } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { shop } })).toBe(0);
  });

  it("never stores an erased customer again, and leaves other shops alone", async () => {
    const shop = await newShop();
    const other = await newShop();
    for (const s of [shop, other]) await deliver("customers/update", s, customerJson(8, "VIP", 1));
    await redactCustomer(shop, 8n, []);
    expect(await tagsOf(shop, 8)).toBeNull();
    await deliver("customers/update", shop, customerJson(8, "VIP", 9)); // a late update after the erasure
    expect(await tagsOf(shop, 8)).toBeNull();
    expect(await tagsOf(other, 8)).toEqual(["VIP"]);
  });
});
