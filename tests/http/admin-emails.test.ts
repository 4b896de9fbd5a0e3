// The admin's outbox page renders the shop's emails and a preview, behind admin authentication.
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startShopifyMocks } from "../../app/dev/shopify-stand-in";
import { startTestAppServer } from "../support/app-server";
import { uniqueShop } from "../support/shops";
import { sessionToken } from "../../app/dev/shopify-stand-in/signing";
import { MACHINE, TAMPER, seedUpsellShop, storeOrder } from "../support/upsell-shop";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup/test-env";

const mocks = startShopifyMocks();
afterAll(() => mocks.close());
const app = startTestAppServer();
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

describe("GET /app/emails", () => {
  it("lists the outbox and previews the selected email", async () => {
    const shop = uniqueShop("outbox");
    await seedUpsellShop(shop);
    await storeOrder(shop, { id: 4242n, customerId: 7n, name: "#4242" });
    const send = await prisma.emailSend.create({
      data: {
        shop,
        orderId: 4242n,
        customerId: 7n,
        status: "SENT",
        toAddress: "buyer@example.com",
        subject: "Demo Coffee: picked for you after order #4242",
        scheduledFor: new Date("2026-11-20T10:00:00Z"),
        sentAt: new Date("2026-11-20T10:00:05Z"),
        attempts: 1,
        offers: [
          {
            offerId: "pw_1",
            kind: "cross_sell",
            productId: String(TAMPER.productId),
            variantId: String(TAMPER.variantId),
            title: TAMPER.title,
            variantTitle: null,
            imageUrl: null,
            price: 30,
          },
        ],
      },
    });
    await prisma.emailSend.create({
      data: {
        shop,
        orderId: 4243n,
        customerId: 8n,
        status: "SKIPPED",
        skipReason: "no_consent",
        scheduledFor: new Date(),
      },
    });
    const token = sessionToken({ apiKey: TEST_API_KEY, secret: TEST_API_SECRET, shop });
    const response = await fetch(`${app.url()}/app/emails?preview=${send.id}&embedded=1&shop=${shop}`, {
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Post-purchase emails");
    expect(html).toContain("#4242");
    expect(html).toContain("No email marketing consent");
    expect(html).toContain(TAMPER.title);
    expect(html).not.toContain(`>${MACHINE.title}<`);
    expect(html).toContain("As sent to buyer@example.com.");
    expect(html).toMatch(/<iframe[^>]*title="Email preview"/);
  });
});
