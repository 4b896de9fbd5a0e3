-- Storefront event rate limits shared by every app process (app/server/rate-limit.server.ts).
-- UNLOGGED: counters need no crash safety (a crash empties the table, which only forgets a minute
-- of counts), and their updates skip the WAL.
CREATE UNLOGGED TABLE "rate_limit_windows" (
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "used" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("shop","key","window_start")
);

ALTER TABLE "rate_limit_windows" ADD CONSTRAINT "rate_limit_windows_shop_fkey" FOREIGN KEY ("shop") REFERENCES "shops"("shop") ON DELETE CASCADE ON UPDATE CASCADE;
