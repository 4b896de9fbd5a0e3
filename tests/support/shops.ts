import { randomBytes } from "node:crypto";

/** A shop domain of the test's own, so tests sharing a database never see each other's rows. */
export function uniqueShop(label = "shop"): string {
  return `${label}-${randomBytes(4).toString("hex")}.myshopify.com`;
}
