// Unsubscribes: one row per (shop, customer) stops every future upsell email to that customer.
import prisma from "../db.server";

/** Records the unsubscribe and skips the customer's pending emails, in one transaction. Idempotent. */
export async function suppressCustomer(
  shop: string,
  customerId: bigint,
  reason = "unsubscribed",
): Promise<{ suppressed: boolean }> {
  return prisma.$transaction(async (tx) => {
    const shopRow = await tx.shop.findUnique({ where: { shop }, select: { shop: true } });
    if (!shopRow) return { suppressed: false }; // an erased shop: nothing to stop
    await tx.emailSuppression.createMany({ data: [{ shop, customerId, reason }], skipDuplicates: true });
    await tx.emailSend.updateMany({
      where: { shop, customerId, status: "SCHEDULED" },
      data: { status: "SKIPPED", skipReason: "unsubscribed" },
    });
    return { suppressed: true };
  });
}

export async function isSuppressed(shop: string, customerId: bigint): Promise<boolean> {
  return (await prisma.emailSuppression.count({ where: { shop, customerId } })) > 0;
}
