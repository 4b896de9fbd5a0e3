-- One spelling of "neighbour" in the code and the schema (issue #14).
ALTER TABLE "product_stats" RENAME COLUMN "neighbors" TO "neighbours";
ALTER TABLE "recommender_state" RENAME COLUMN "neighbors_at" TO "neighbours_at";
