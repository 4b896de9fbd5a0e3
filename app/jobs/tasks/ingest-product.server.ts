import { z } from "zod";
import { shopifyIdText } from "../../shopify/ids";
import { ingestProduct } from "../../catalog/product.server";

export const ingestProductPayload = z.object({ shop: z.string().min(1), productId: shopifyIdText });

export async function ingestProductTask({ shop, productId }: z.output<typeof ingestProductPayload>) {
  await ingestProduct(shop, BigInt(productId));
}
