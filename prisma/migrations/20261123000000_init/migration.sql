-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RuleKind" AS ENUM ('CROSS_SELL', 'UPGRADE');

-- CreateEnum
CREATE TYPE "PairOverrideMode" AS ENUM ('PIN', 'BLOCK');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('SCHEDULED', 'SENDING', 'SENT', 'SKIPPED', 'FAILED');

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shops" (
    "shop" TEXT NOT NULL,
    "name" TEXT,
    "currency_code" TEXT NOT NULL DEFAULT 'USD',
    "primary_locale" TEXT NOT NULL DEFAULT 'en',
    "money_format" TEXT NOT NULL DEFAULT '${{amount}}',
    "installed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMP(3),
    "scopes" TEXT,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "shop_settings" (
    "shop" TEXT NOT NULL,
    "max_offers_per_surface" INTEGER NOT NULL DEFAULT 3,
    "upgrade_price_ceiling" DECIMAL(6,3) NOT NULL DEFAULT 0.5,
    "relevance_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "frequency_cap_hours" INTEGER NOT NULL DEFAULT 24,
    "holdout_share" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "similarity" TEXT NOT NULL DEFAULT 'default',
    "half_life_days" INTEGER,
    "min_support" INTEGER NOT NULL DEFAULT 2,
    "max_basket_size" INTEGER NOT NULL DEFAULT 50,
    "cold_start_min_orders" INTEGER NOT NULL DEFAULT 5,
    "widget_texts" JSONB NOT NULL DEFAULT '{}',
    "email_enabled" BOOLEAN NOT NULL DEFAULT false,
    "email_delay_hours" INTEGER NOT NULL DEFAULT 72,
    "email_cap_days" INTEGER NOT NULL DEFAULT 30,
    "email_discount_percent" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shop_settings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "products" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "product_type" TEXT NOT NULL DEFAULT '',
    "vendor" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[],
    "collection_ids" BIGINT[],
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "image_url" TEXT,
    "price_min" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "price_max" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "source_updated_at" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "products_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "variants" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "price" DECIMAL(14,2) NOT NULL,
    "compare_at_price" DECIMAL(14,2),
    "available" BOOLEAN NOT NULL DEFAULT true,
    "inventory_quantity" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 1,
    "options" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "variants_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "collections" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,

    CONSTRAINT "collections_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "orders" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "customer_id" BIGINT,
    "visitor_id" TEXT,
    "currency_code" TEXT NOT NULL,
    "subtotal_price" DECIMAL(14,2) NOT NULL,
    "total_price" DECIMAL(14,2) NOT NULL,
    "total_discounts" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "financial_status" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "processed_at" TIMESTAMP(3) NOT NULL,
    "cancelled_at" TIMESTAMP(3),
    "deleted_at" TIMESTAMP(3),
    "fully_refunded" BOOLEAN NOT NULL DEFAULT false,
    "source_updated_at" TIMESTAMP(3) NOT NULL,
    "counted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "order_lines" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "product_id" BIGINT,
    "variant_id" BIGINT,
    "quantity" INTEGER NOT NULL,
    "refunded_quantity" INTEGER NOT NULL DEFAULT 0,
    "price" DECIMAL(14,2) NOT NULL,
    "total_discount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "offer_id" TEXT,
    "offer_surface" TEXT,
    "offer_kind" TEXT,

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "shop" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("shop","webhook_id")
);

-- CreateTable
CREATE TABLE "rules" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" "RuleKind" NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "stop_here" BOOLEAN NOT NULL DEFAULT false,
    "trigger" JSONB NOT NULL,
    "offer" JSONB NOT NULL,
    "surfaces" TEXT[],
    "discount" JSONB,
    "conditions" JSONB,
    "value_text" TEXT,
    "max_price_increase" DECIMAL(6,3),
    "starts_at" TIMESTAMP(3),
    "ends_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pair_overrides" (
    "shop" TEXT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "other_product_id" BIGINT NOT NULL,
    "mode" "PairOverrideMode" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pair_overrides_pkey" PRIMARY KEY ("shop","product_id","other_product_id")
);

-- CreateTable
CREATE TABLE "product_stats" (
    "shop" TEXT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "order_count" DOUBLE PRECISION NOT NULL,
    "neighbors" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_stats_pkey" PRIMARY KEY ("shop","product_id")
);

-- CreateTable
CREATE TABLE "pair_stats" (
    "shop" TEXT NOT NULL,
    "product_a" BIGINT NOT NULL,
    "product_b" BIGINT NOT NULL,
    "together" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "pair_stats_pkey" PRIMARY KEY ("shop","product_a","product_b")
);

-- CreateTable
CREATE TABLE "offer_events" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "offer_id" TEXT NOT NULL,
    "offer_kind" TEXT NOT NULL,
    "rule_id" TEXT,
    "product_id" BIGINT,
    "offered_product_id" BIGINT,
    "visitor_id" TEXT,
    "holdout" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "offer_events_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "email_sends" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "customer_id" BIGINT,
    "to_address" TEXT,
    "status" "EmailStatus" NOT NULL DEFAULT 'SCHEDULED',
    "skip_reason" TEXT,
    "scheduled_for" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "subject" TEXT,
    "offers" JSONB NOT NULL DEFAULT '[]',
    "discount_code" TEXT,
    "message_id" TEXT,
    "opened_at" TIMESTAMP(3),
    "clicked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_sends_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "email_suppressions" (
    "shop" TEXT NOT NULL,
    "customer_id" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_suppressions_pkey" PRIMARY KEY ("shop","customer_id")
);

-- CreateTable
CREATE TABLE "data_requests" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customer_id" BIGINT,
    "orders_requested" BIGINT[],
    "data_request_id" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fulfilled_at" TIMESTAMP(3),

    CONSTRAINT "data_requests_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "backfill_runs" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "bulk_operation_id" TEXT,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "rows_total" INTEGER,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "backfill_runs_pkey" PRIMARY KEY ("shop","id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "products_shop_product_type_idx" ON "products"("shop", "product_type");

-- CreateIndex
CREATE INDEX "products_shop_vendor_idx" ON "products"("shop", "vendor");

-- CreateIndex
CREATE INDEX "variants_shop_product_id_idx" ON "variants"("shop", "product_id");

-- CreateIndex
CREATE INDEX "orders_shop_processed_at_idx" ON "orders"("shop", "processed_at");

-- CreateIndex
CREATE INDEX "orders_shop_customer_id_idx" ON "orders"("shop", "customer_id");

-- CreateIndex
CREATE INDEX "order_lines_shop_order_id_idx" ON "order_lines"("shop", "order_id");

-- CreateIndex
CREATE INDEX "order_lines_shop_product_id_idx" ON "order_lines"("shop", "product_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "rules_shop_kind_enabled_priority_idx" ON "rules"("shop", "kind", "enabled", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "rules_shop_id_key" ON "rules"("shop", "id");

-- CreateIndex
CREATE INDEX "pair_stats_shop_product_b_idx" ON "pair_stats"("shop", "product_b");

-- CreateIndex
CREATE INDEX "offer_events_shop_occurred_at_idx" ON "offer_events"("shop", "occurred_at");

-- CreateIndex
CREATE INDEX "offer_events_shop_offer_id_idx" ON "offer_events"("shop", "offer_id");

-- CreateIndex
CREATE INDEX "email_sends_shop_customer_id_sent_at_idx" ON "email_sends"("shop", "customer_id", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "email_sends_shop_order_id_key" ON "email_sends"("shop", "order_id");

-- CreateIndex
CREATE INDEX "backfill_runs_shop_started_at_idx" ON "backfill_runs"("shop", "started_at");

-- AddForeignKey
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variants" ADD CONSTRAINT "variants_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variants" ADD CONSTRAINT "variants_shop_product_id_fkey" FOREIGN KEY ("shop", "product_id") REFERENCES "products"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collections" ADD CONSTRAINT "collections_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_shop_order_id_fkey" FOREIGN KEY ("shop", "order_id") REFERENCES "orders"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rules" ADD CONSTRAINT "rules_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pair_overrides" ADD CONSTRAINT "pair_overrides_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_stats" ADD CONSTRAINT "product_stats_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pair_stats" ADD CONSTRAINT "pair_stats_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer_events" ADD CONSTRAINT "offer_events_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_sends" ADD CONSTRAINT "email_sends_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_suppressions" ADD CONSTRAINT "email_suppressions_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_requests" ADD CONSTRAINT "data_requests_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backfill_runs" ADD CONSTRAINT "backfill_runs_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;

