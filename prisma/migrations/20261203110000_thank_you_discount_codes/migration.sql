-- The thank-you page's personal discount code, one per order (app/models/thank-you-code.server.ts):
-- the primary key is what makes concurrent requests for one order create one code.
CREATE TABLE "thank_you_discount_codes" (
    "shop" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "offer_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "claim" TEXT NOT NULL,
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "minted_at" TIMESTAMP(3),

    CONSTRAINT "thank_you_discount_codes_pkey" PRIMARY KEY ("shop","order_id")
);

ALTER TABLE "thank_you_discount_codes" ADD CONSTRAINT "thank_you_discount_codes_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;
