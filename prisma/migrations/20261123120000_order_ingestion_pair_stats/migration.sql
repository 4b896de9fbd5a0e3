-- AlterTable
ALTER TABLE "products" ADD COLUMN     "source_hash" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "source_hash" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "recommender_state" (
    "shop" TEXT NOT NULL,
    "total_orders" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "decay_anchor_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "half_life_days" INTEGER,
    "max_basket_size" INTEGER NOT NULL DEFAULT 50,
    "rebuilt_at" TIMESTAMP(3),
    "neighbors_at" TIMESTAMP(3),
    "similarity" TEXT,

    CONSTRAINT "recommender_state_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "webhook_inbox" (
    "shop" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "resource" TEXT NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_inbox_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "order_refunds" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "lines" JSONB NOT NULL,

    CONSTRAINT "order_refunds_pkey" PRIMARY KEY ("shop","id")
);

-- CreateIndex
CREATE INDEX "webhook_inbox_shop_resource_resource_id_idx" ON "webhook_inbox"("shop", "resource", "resource_id");

-- CreateIndex
CREATE INDEX "order_refunds_shop_order_id_idx" ON "order_refunds"("shop", "order_id");

-- CreateIndex
CREATE INDEX "pair_overrides_shop_other_product_id_idx" ON "pair_overrides"("shop", "other_product_id");

-- AddForeignKey
ALTER TABLE "recommender_state" ADD CONSTRAINT "recommender_state_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_inbox" ADD CONSTRAINT "webhook_inbox_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

