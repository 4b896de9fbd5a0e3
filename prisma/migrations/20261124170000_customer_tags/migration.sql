-- Customers' tags for rule conditions (customers/create|update webhooks); nothing else about them.
CREATE TABLE "customer_tags" (
    "shop" TEXT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "tags" TEXT[],
    "source_updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_tags_pkey" PRIMARY KEY ("shop","customer_id")
);

ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;
