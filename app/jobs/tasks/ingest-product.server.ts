import { z } from "zod";
import { ingestProduct } from "../../models/product.server";

export const ingestProductPayload = z.object({ shop: z.string().min(1), productId: z.string().regex(/^\d+$/) });

export async function ingestProductTask({ shop, productId }: z.output<typeof ingestProductPayload>) {
  await ingestProduct(shop, BigInt(productId));
}
