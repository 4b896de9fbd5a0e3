import { z } from "zod";
import { eraseShop } from "../../shops/shop.server";

export const eraseShopPayload = z.object({ shop: z.string().min(1) });

export async function eraseShopTask({ shop }: z.output<typeof eraseShopPayload>) {
  await eraseShop(shop);
}
