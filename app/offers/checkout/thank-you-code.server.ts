// The thank-you page's personal discount code (decision 009): only for an order the request proves
// (order-proof.server.ts), at most once per order (a row claimed before the Admin API call), and
// rate-limited per shop, session token and customer before any new code or Admin API lookup. A reload
// of a proven order finds its code again; anything else gets the offer without a code.
import { randomUUID } from "node:crypto";
import prisma from "../../db.server";
import { defineStatement, sql } from "../../db/statements.server";
import { takeRateLimits, type RateLimit } from "../../server/rate-limit.server";
import { adminClientForShop } from "../../shopify/admin-api.server";
import { createPersonalDiscountCode, personalDiscountCode } from "../../discounts/discount-codes.server";
import type { DisplayItem } from "../serving/offer-display.server";
import { adminOrderFacts, orderProvesRequest, storedOrderFacts, type ThankYouRequester } from "./order-proof.server";

const CODE_DAYS = 14;
/** Code attempts (new codes, Admin API lookups) per window: a shop's busiest hour stays far below. */
export const THANK_YOU_CODE_LIMITS = { window: 3_600_000, shop: 3_000, token: 5, customer: 10 } as const;
// A claim whose Admin API call has not finished within a minute is taken to be dead (crashed process).
const CLAIM_ORDER = defineStatement(
  "pairwise-thank-you-code-claim",
  `INSERT INTO thank_you_discount_codes AS t (shop, order_id, offer_id, code, claim, claimed_at)
   VALUES ($1, $2, $3, $4, $5, now() AT TIME ZONE 'UTC')
   ON CONFLICT (shop, order_id) DO UPDATE
     SET offer_id = EXCLUDED.offer_id, code = EXCLUDED.code, claim = EXCLUDED.claim, claimed_at = EXCLUDED.claimed_at
     WHERE t.minted_at IS NULL AND t.claimed_at < (now() AT TIME ZONE 'UTC') - interval '1 minute'`,
);

export interface ThankYouCodeRequester extends ThankYouRequester {
  /** The session token's `sid`, else its `jti`: what one checkout's requests share. */
  tokenId: string | null;
}

function codeLimits(requester: ThankYouCodeRequester): RateLimit[] {
  const limits: RateLimit[] = [{ key: "thank-you-code:shop", limit: THANK_YOU_CODE_LIMITS.shop }];
  if (requester.tokenId)
    limits.push({ key: `thank-you-code:token:${requester.tokenId.slice(0, 100)}`, limit: THANK_YOU_CODE_LIMITS.token });
  if (requester.customerId !== null)
    limits.push({ key: `thank-you-code:customer:${requester.customerId}`, limit: THANK_YOU_CODE_LIMITS.customer });
  return limits;
}

/** Claims the order's row for this offer; false when another request holds it or made its code. */
async function claimOrder(
  shop: string,
  orderId: bigint,
  offerId: string,
  code: string,
  claim: string,
): Promise<boolean> {
  return (await sql.execute(prisma, CLAIM_ORDER, [shop, orderId, offerId, code, claim])) === 1;
}

export async function thankYouDiscountCode(
  shop: string,
  item: DisplayItem,
  orderId: bigint,
  requester: ThankYouCodeRequester,
  now: Date,
): Promise<string | null> {
  if (!item.discount) return null;
  const held = await prisma.thankYouDiscountCode.findUnique({ where: { shop_orderId: { shop, orderId } } });
  let order = await storedOrderFacts(shop, orderId);
  if (!held?.mintedAt || !order) {
    const allowed = await takeRateLimits(shop, codeLimits(requester), { windowMs: THANK_YOU_CODE_LIMITS.window, now });
    if (!allowed) return null;
  }
  order ??= await adminOrderFacts(shop, orderId);
  if (!orderProvesRequest(order, requester, now)) return null;
  // One code per order: a reload gets it back, a different offer for the same order gets none.
  if (held?.mintedAt) return held.offerId === item.offerId ? held.code : null;

  const code = personalDiscountCode(`${shop}|thank_you|${orderId}|${item.offerId}`);
  const claim = randomUUID();
  if (!(await claimOrder(shop, orderId, item.offerId, code, claim))) return null;
  try {
    const admin = await adminClientForShop(shop);
    await createPersonalDiscountCode(admin, {
      code,
      title: `Pairwise: complete your set (order ${orderId})`,
      customerId: order.customerId,
      productIds: [item.productId],
      value: item.discount,
      startsAt: now,
      endsAt: new Date(now.getTime() + CODE_DAYS * 86_400_000),
    });
    await prisma.thankYouDiscountCode.updateMany({ where: { shop, orderId, claim }, data: { mintedAt: new Date() } });
    return code;
  } catch (error) {
    // Released, so a reload may try again; the offer still stands without its discount.
    await prisma.thankYouDiscountCode.deleteMany({ where: { shop, orderId, claim, mintedAt: null } }).catch(() => {});
    console.warn(`thank-you discount code for ${shop}: ${(error as Error).message}`);
    return null;
  }
}
