// Post-purchase emails against a real Postgres, the Admin API stand-in (consent, discount codes)
// and a loopback SMTP server: scheduling, every reason not to send, the per-customer cap,
// exactly-once under repeats and retries, FAILED after the last retry, and what the email contains.
// Over 400 lines on purpose (#14): one SMTP server, stand-in and shop shared by every case.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { closeMailTransports } from "./mailer.server";
import { verifyUnsubscribeToken } from "./unsubscribe-token.server";
import { startMailCatcher, type MailCatcher } from "../dev/mail-catcher.server";
import { drainJobs } from "../jobs/worker.server";
import { suppressCustomer } from "./email-suppression.server";
import { listOutbox, outboxPreview } from "./email-outbox.server";
import { MAX_SEND_ATTEMPTS, scheduleUpsellEmail, sendUpsellEmail } from "./upsell-email.server";
import {
  clearMockCustomersAndDiscounts,
  mockDiscounts,
  setMockCustomer,
  startShopifyMocks,
} from "../dev/shopify-stand-in";
import { hrefs, parseMail } from "../../tests/support/mime";
import { uniqueShop } from "../../tests/support/shops";
import {
  GRINDER,
  MACHINE,
  MILK_JUG,
  TABLETS,
  TAMPER,
  seedUpsellShop,
  storeOrder,
  type UpsellShopOptions,
} from "../../tests/support/upsell-shop";

const mocks = startShopifyMocks();
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
beforeEach(() => clearMockCustomersAndDiscounts());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function shopWith(options: UpsellShopOptions = {}) {
  const shop = uniqueShop("email");
  await seedUpsellShop(shop, options);
  return shop;
}

function subscribe(shop: string, id: bigint, state: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" = "SUBSCRIBED") {
  setMockCustomer(shop, { id, email: `buyer-${id}@example.com`, marketingState: state });
}

/** An order as ingested, and its email scheduled in the same transaction (what the ingest job does). */
async function orderAndSchedule(
  shop: string,
  id: bigint,
  customerId: bigint | null,
  processedAt = new Date(Date.now() - 73 * HOUR),
) {
  await storeOrder(shop, { id, customerId, processedAt });
  return prisma.$transaction((tx) => scheduleUpsellEmail(tx, shop, id, customerId, processedAt));
}

const sendRow = (shop: string, orderId: bigint) =>
  prisma.emailSend.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId } } });
const mailTo = (address: string) => mail.messages.filter((message) => message.to.includes(address));
const jobsOf = (shop: string) =>
  prisma.$queryRaw<
    {
      task_identifier: string;
      run_at: Date;
      key: string | null;
      max_attempts: number;
      attempts: number;
      last_error: string | null;
    }[]
  >`
    SELECT t.identifier AS task_identifier, j.run_at, j.key, j.max_attempts::int AS max_attempts, j.attempts::int AS attempts, j.last_error
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE j.payload->>'shop' = ${shop}`;

describe("scheduling", () => {
  it("creates one row and one job at processedAt + the shop's delay, however often the order arrives", async () => {
    const shop = await shopWith({ emailDelayHours: 48 });
    const processedAt = new Date(Date.now() - HOUR);
    await storeOrder(shop, { id: 5001n, customerId: 77n, processedAt });
    const schedule = () => prisma.$transaction((tx) => scheduleUpsellEmail(tx, shop, 5001n, 77n, processedAt));
    expect(await schedule()).toBe("scheduled");
    expect(await schedule()).toBe("exists");
    expect(await schedule()).toBe("exists");

    const row = await sendRow(shop, 5001n);
    expect(row).toMatchObject({ status: "SCHEDULED", customerId: 77n, toAddress: null, attempts: 0 });
    expect(row.scheduledFor.getTime()).toBe(processedAt.getTime() + 48 * HOUR);
    const jobs = await jobsOf(shop);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      task_identifier: "send-upsell-email",
      key: `upsell-email:${shop}:5001`,
      max_attempts: MAX_SEND_ATTEMPTS + 1,
    });
    expect(jobs[0].run_at.getTime()).toBe(processedAt.getTime() + 48 * HOUR);
  });

  it("schedules nothing when emails are off, for guests, or for an order too old to be a fresh purchase", async () => {
    const off = await shopWith({ emailEnabled: false });
    expect(await orderAndSchedule(off, 1n, 77n)).toBe("disabled");
    const shop = await shopWith();
    expect(await orderAndSchedule(shop, 2n, null)).toBe("no_customer");
    expect(await orderAndSchedule(shop, 3n, 77n, new Date(Date.now() - 30 * DAY))).toBe("stale");
    expect(await prisma.emailSend.count({ where: { shop: { in: [off, shop] } } })).toBe(0);
    expect(await jobsOf(shop)).toHaveLength(0);
  });

  it("rolls back with the caller's transaction", async () => {
    const shop = await shopWith();
    await storeOrder(shop, { id: 9n, customerId: 77n });
    await prisma
      .$transaction(async (tx) => {
        await scheduleUpsellEmail(tx, shop, 9n, 77n, new Date());
        throw new Error("ingest failed");
      })
      .catch(() => {});
    expect(await prisma.emailSend.count({ where: { shop } })).toBe(0);
    expect(await jobsOf(shop)).toHaveLength(0);
  });
});

describe("sending", () => {
  it("sends one email with the complements of what was bought, never what was bought, and records it", async () => {
    const shop = await shopWith();
    subscribe(shop, 77n);
    await orderAndSchedule(shop, 5001n, 77n);
    const outcome = await sendUpsellEmail(shop, 5001n);
    expect(outcome.status).toBe("SENT");

    const [message] = mailTo("buyer-77@example.com");
    expect(message).toBeDefined();
    const parsed = parseMail(message.raw);
    expect(parsed.headers.get("subject")).toBe("Demo Coffee: picked for you after order #5001");
    expect(parsed.headers.get("from")).toMatch(/^"?Demo Coffee"? <upsell@pairwise\.test>$/);
    expect(parsed.html).toContain(TAMPER.title);
    expect(parsed.html).toContain(TABLETS.title);
    expect(parsed.html).toContain(MILK_JUG.title);
    expect(parsed.html).not.toContain(MACHINE.title);
    expect(parsed.text).toContain("$30.00");
    expect(parsed.html).toContain(`https://cdn.shopify.com/s/files/1/demo/${TAMPER.productId}.png`);
    expect(hrefs(parsed.html!)).toContain(`https://${shop}/cart/${TAMPER.variantId}:1`);

    const row = await sendRow(shop, 5001n);
    expect(row).toMatchObject({
      status: "SENT",
      attempts: 1,
      toAddress: "buyer-77@example.com",
      lastError: null,
      discountCode: null,
    });
    expect(row.messageId).toBe(parsed.headers.get("message-id"));
    expect((row.offers as { title: string }[]).map((item) => item.title)).toEqual([
      TAMPER.title,
      TABLETS.title,
      MILK_JUG.title,
    ]);
  });

  it("carries one-click unsubscribe headers whose token names this shop and customer", async () => {
    const shop = await shopWith();
    subscribe(shop, 78n);
    await orderAndSchedule(shop, 5002n, 78n);
    await sendUpsellEmail(shop, 5002n);
    const parsed = parseMail(mailTo("buyer-78@example.com")[0].raw);
    expect(parsed.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const link = /^<(https:\/\/pairwise\.test\/email\/unsubscribe\?token=[^>]+)>$/.exec(
      parsed.headers.get("list-unsubscribe") ?? "",
    )?.[1];
    expect(link).toBeDefined();
    expect(verifyUnsubscribeToken(new URL(link!).searchParams.get("token")!)).toEqual({ shop, customerId: 78n });
    expect(hrefs(parsed.html!)).toContain(link);
    expect(parsed.text).toContain(link);
  });

  it("writes in the shop's language and currency", async () => {
    const shop = await shopWith({ primaryLocale: "fr", currencyCode: "EUR", name: "Café Démo" });
    subscribe(shop, 79n);
    await orderAndSchedule(shop, 5003n, 79n);
    await sendUpsellEmail(shop, 5003n);
    const parsed = parseMail(mailTo("buyer-79@example.com")[0].raw);
    expect(parsed.headers.get("subject")).toBe("Café Démo : sélectionnés pour vous après la commande #5003");
    expect(parsed.text).toContain("Ajouter au panier");
    expect(parsed.text).toContain("30,00\u00a0€");
    expect(parsed.text).toContain("12,50\u00a0€");
    expect(parsed.html).toContain('lang="fr"');
  });

  it("adds a single-use personal code on the offered products to every link, created once across retries", async () => {
    const shop = await shopWith({ emailDiscountPercent: 15 });
    subscribe(shop, 80n);
    await orderAndSchedule(shop, 5004n, 80n);
    mail.refuse.add("buyer-80@example.com");
    await expect(sendUpsellEmail(shop, 5004n)).rejects.toThrow(/rejected|User unknown/);
    mail.refuse.delete("buyer-80@example.com");
    expect((await sendUpsellEmail(shop, 5004n)).status).toBe("SENT");

    const codes = mockDiscounts.filter((d) => d.shop === shop && d.kind === "code_basic");
    expect(codes).toHaveLength(1);
    const [discount] = codes;
    if (discount.kind !== "code_basic") throw new Error("unreachable");
    expect(discount.input).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: ["gid://shopify/Customer/80"] } },
      customerGets: {
        value: { percentage: 0.15 },
        items: {
          products: { productsToAdd: [TAMPER, TABLETS, MILK_JUG].map((p) => `gid://shopify/Product/${p.productId}`) },
        },
      },
    });
    expect(Date.parse(discount.input.endsAt!) - Date.parse(discount.input.startsAt)).toBe(14 * DAY);
    const row = await sendRow(shop, 5004n);
    expect(row.discountCode).toBe(discount.code);
    const parsed = parseMail(mailTo("buyer-80@example.com")[0].raw);
    expect(hrefs(parsed.html!)).toContain(`https://${shop}/cart/${TAMPER.variantId}:1?discount=${discount.code}`);
    expect(parsed.text).toContain(`Your personal code ${discount.code} takes 15% off`);
  });
});

describe("reasons not to send", () => {
  it("only to customers subscribed to email marketing, read from Shopify at send time", async () => {
    const shop = await shopWith();
    subscribe(shop, 81n, "NOT_SUBSCRIBED");
    subscribe(shop, 82n, "UNSUBSCRIBED");
    await orderAndSchedule(shop, 6001n, 81n);
    await orderAndSchedule(shop, 6002n, 82n);
    await orderAndSchedule(shop, 6003n, 83n); // unknown to Shopify (deleted)
    for (const id of [6001n, 6002n, 6003n])
      expect(await sendUpsellEmail(shop, id)).toEqual({ status: "SKIPPED", reason: "no_consent" });
    for (const id of [6001n, 6002n, 6003n])
      expect(await sendRow(shop, id)).toMatchObject({ status: "SKIPPED", skipReason: "no_consent", toAddress: null });
    expect(mail.messages.filter((m) => m.to.some((to) => /buyer-8[123]@/.test(to)))).toHaveLength(0);

    // Consent given after the order but before the send counts: it is read then.
    subscribe(shop, 84n, "NOT_SUBSCRIBED");
    await orderAndSchedule(shop, 6004n, 84n);
    subscribe(shop, 84n, "SUBSCRIBED");
    expect((await sendUpsellEmail(shop, 6004n)).status).toBe("SENT");
  });

  it("never after the order was cancelled or refunded (re-checked at send time)", async () => {
    const shop = await shopWith();
    subscribe(shop, 85n);
    await orderAndSchedule(shop, 6101n, 85n);
    await orderAndSchedule(shop, 6102n, 85n);
    await orderAndSchedule(shop, 6103n, 85n);
    await prisma.order.update({ where: { shop_id: { shop, id: 6101n } }, data: { cancelledAt: new Date() } });
    await prisma.orderLine.updateMany({ where: { shop, orderId: 6102n }, data: { refundedQuantity: 1 } });
    await prisma.order.update({ where: { shop_id: { shop, id: 6103n } }, data: { fullyRefunded: true } });
    expect(await sendUpsellEmail(shop, 6101n)).toEqual({ status: "SKIPPED", reason: "cancelled" });
    expect(await sendUpsellEmail(shop, 6102n)).toEqual({ status: "SKIPPED", reason: "refunded" });
    expect(await sendUpsellEmail(shop, 6103n)).toEqual({ status: "SKIPPED", reason: "refunded" });
    expect(mailTo("buyer-85@example.com")).toHaveLength(0);
  });

  it("not to a customer who unsubscribed, nor after the merchant turned emails off", async () => {
    const shop = await shopWith();
    subscribe(shop, 86n);
    subscribe(shop, 87n);
    await orderAndSchedule(shop, 6201n, 86n);
    await orderAndSchedule(shop, 6202n, 87n);
    await suppressCustomer(shop, 86n);
    expect(await sendRow(shop, 6201n)).toMatchObject({ status: "SKIPPED", skipReason: "unsubscribed" });
    expect(await sendUpsellEmail(shop, 6201n)).toEqual({ status: "ALREADY", current: "SKIPPED" });
    await prisma.shopSettings.update({ where: { shop }, data: { emailEnabled: false } });
    expect(await sendUpsellEmail(shop, 6202n)).toEqual({ status: "SKIPPED", reason: "disabled" });
    expect(mail.messages.filter((m) => m.to.some((to) => /buyer-8[67]@/.test(to)))).toHaveLength(0);
  });

  it("not when the engine has nothing to offer", async () => {
    const shop = await shopWith();
    subscribe(shop, 88n);
    // Every product of the shop is in this order: nothing left that was not just bought.
    const lines = [MACHINE, TAMPER, MILK_JUG, TABLETS, GRINDER].map((p) => ({
      productId: p.productId,
      variantId: p.variantId,
    }));
    await storeOrder(shop, { id: 6301n, customerId: 88n, lines });
    await prisma.$transaction((tx) => scheduleUpsellEmail(tx, shop, 6301n, 88n, new Date()));
    expect(await sendUpsellEmail(shop, 6301n)).toEqual({ status: "SKIPPED", reason: "no_offers" });
  });
});

describe("at most one email per customer per cap window", () => {
  it("skips a second order's email inside the window and sends again after it", async () => {
    const shop = await shopWith({ emailCapDays: 30 });
    subscribe(shop, 90n);
    await orderAndSchedule(shop, 7001n, 90n);
    await orderAndSchedule(shop, 7002n, 90n);
    expect((await sendUpsellEmail(shop, 7001n)).status).toBe("SENT");
    expect(await sendUpsellEmail(shop, 7002n)).toEqual({ status: "SKIPPED", reason: "cap" });

    await orderAndSchedule(shop, 7003n, 90n);
    expect((await sendUpsellEmail(shop, 7003n, { now: new Date(Date.now() + 31 * DAY) })).status).toBe("SENT");
    expect(mailTo("buyer-90@example.com")).toHaveLength(2);
  });

  it("holds when two orders of one customer are sent at the same moment", async () => {
    const shop = await shopWith();
    subscribe(shop, 91n);
    await orderAndSchedule(shop, 7101n, 91n);
    await orderAndSchedule(shop, 7102n, 91n);
    const outcomes = await Promise.all([sendUpsellEmail(shop, 7101n), sendUpsellEmail(shop, 7102n)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["SENT", "SKIPPED"]);
    expect(mailTo("buyer-91@example.com")).toHaveLength(1);
  });
});

describe("exactly once, retries and failures", () => {
  it("a job that runs again after sending sends nothing more", async () => {
    const shop = await shopWith();
    subscribe(shop, 92n);
    await orderAndSchedule(shop, 8001n, 92n);
    await drainJobs(process.env.DATABASE_URL!);
    expect(await sendRow(shop, 8001n)).toMatchObject({ status: "SENT" });
    // The queue re-runs it (a retry after a lost acknowledgement), and the order webhook repeats.
    expect(await sendUpsellEmail(shop, 8001n)).toEqual({ status: "ALREADY", current: "SENT" });
    expect(await prisma.$transaction((tx) => scheduleUpsellEmail(tx, shop, 8001n, 92n, new Date()))).toBe("exists");
    await drainJobs(process.env.DATABASE_URL!);
    expect(mailTo("buyer-92@example.com")).toHaveLength(1);
  });

  it("a refused recipient is retried by the queue with backoff, then FAILED with the error, never lost", async () => {
    const shop = await shopWith();
    subscribe(shop, 93n);
    mail.refuse.add("buyer-93@example.com");
    await orderAndSchedule(shop, 8002n, 93n);

    const attempted = Date.now();
    await drainJobs(process.env.DATABASE_URL!);
    const [job] = await jobsOf(shop);
    expect(job.attempts).toBe(1);
    expect(job.last_error).toMatch(/User unknown|rejected/);
    // Backoff: the retry is due seconds after the attempt (graphile-worker: e^attempts s), not at once.
    // Measured from before the attempt, so a slow machine cannot make it look due already.
    expect(job.run_at.getTime()).toBeGreaterThan(attempted + 1_000);
    expect(await sendRow(shop, 8002n)).toMatchObject({ status: "SCHEDULED", attempts: 1, messageId: null });
    expect((await sendRow(shop, 8002n)).lastError).toMatch(/^SMTP: .*User unknown/);

    // The remaining attempts (the queue would space them out; here they run back to back).
    for (let attempt = 2; attempt < MAX_SEND_ATTEMPTS; attempt++)
      await expect(sendUpsellEmail(shop, 8002n)).rejects.toThrow();
    const last = await sendUpsellEmail(shop, 8002n);
    expect(last.status).toBe("FAILED");
    expect(await sendRow(shop, 8002n)).toMatchObject({ status: "FAILED", attempts: MAX_SEND_ATTEMPTS });
    expect(mailTo("buyer-93@example.com")).toHaveLength(0);
    mail.refuse.delete("buyer-93@example.com");
    expect(await sendUpsellEmail(shop, 8002n)).toEqual({ status: "ALREADY", current: "FAILED" });
  });

  it("does not resend after a crash that may have delivered the message", async () => {
    const shop = await shopWith();
    subscribe(shop, 94n);
    await orderAndSchedule(shop, 8003n, 94n);
    await prisma.emailSend.update({
      where: { shop_orderId: { shop, orderId: 8003n } },
      data: { status: "SENDING", attempts: 1, messageId: "<upsell.x@pairwise.test>" },
    });
    const outcome = await sendUpsellEmail(shop, 8003n);
    expect(outcome.status).toBe("FAILED");
    expect((await sendRow(shop, 8003n)).lastError).toMatch(/not resent, to avoid a duplicate/);
    expect(mailTo("buyer-94@example.com")).toHaveLength(0);
  });

  it("resumes after a crash before the hand-off", async () => {
    const shop = await shopWith();
    subscribe(shop, 95n);
    await orderAndSchedule(shop, 8004n, 95n);
    await prisma.emailSend.update({
      where: { shop_orderId: { shop, orderId: 8004n } },
      data: { status: "SENDING", attempts: 1 },
    });
    expect((await sendUpsellEmail(shop, 8004n)).status).toBe("SENT");
    expect(await sendRow(shop, 8004n)).toMatchObject({ status: "SENT", attempts: 2 });
  });
});

describe("outbox", () => {
  it("lists the shop's emails with their status and renders a preview of sent and scheduled ones", async () => {
    const shop = await shopWith({ emailDiscountPercent: 10 });
    subscribe(shop, 96n);
    await orderAndSchedule(shop, 9001n, 96n);
    await sendUpsellEmail(shop, 9001n);
    await orderAndSchedule(shop, 9002n, 97n, new Date());

    const { rows, nextCursor } = await listOutbox(shop);
    expect(nextCursor).toBeNull();
    expect(rows.map((row) => [row.orderName, row.status])).toEqual([
      ["#9002", "SCHEDULED"],
      ["#9001", "SENT"],
    ]);
    expect(rows[1].productTitles).toEqual([TAMPER.title, TABLETS.title, MILK_JUG.title]);
    expect((await listOutbox(shop, { status: "SENT" })).rows).toHaveLength(1);
    const firstPage = await listOutbox(shop, { take: 1 });
    expect(firstPage.nextCursor).toBe(firstPage.rows[0].id);
    expect((await listOutbox(shop, { take: 1, cursor: firstPage.nextCursor! })).rows[0].orderName).toBe("#9001");

    const sent = await outboxPreview(shop, rows[1].id);
    expect(sent).toMatchObject({
      source: "stored",
      to: "buyer-96@example.com",
      subject: "Demo Coffee: picked for you after order #9001",
    });
    expect(sent!.html).toContain(rows[1].discountCode!);
    expect(sent!.html).not.toMatch(/token=(?!preview)/);
    const scheduled = await outboxPreview(shop, rows[0].id);
    expect(scheduled).toMatchObject({ source: "projected", to: null });
    expect(scheduled!.html).toContain(TAMPER.title);
    expect(await outboxPreview(uniqueShop("other"), rows[0].id)).toBeNull();
  });
});
