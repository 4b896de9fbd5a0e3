-- customers/redact tombstones: later order versions naming an erased customer are stored unlinked.
CREATE TABLE "redacted_customers" (
    "shop" TEXT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "redacted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redacted_customers_pkey" PRIMARY KEY ("shop","customer_id")
);

ALTER TABLE "redacted_customers" ADD CONSTRAINT "redacted_customers_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;
