// Product webhook payloads (products/create, products/update, products/delete), reduced to the
// catalogue facts offers and cold start use. Collections are not in the product payload: the
// catalog sync fills them, and ingestion leaves them as they are.
import { z } from "zod";
import { money, shopifyTime, versionHash } from "./order-schemas";
import { shopifyIdJson, shopifyIdText } from "../../shopify/ids";

const variantPayload = z.object({
  id: shopifyIdJson,
  title: z.string(),
  sku: z.string().nullish(),
  price: money,
  compare_at_price: money.nullish(),
  inventory_quantity: z.number().int().nullish(),
  position: z.number().int().nullish(),
  option1: z.string().nullish(),
  option2: z.string().nullish(),
  option3: z.string().nullish(),
  inventory_policy: z.string().nullish(),
  // "shopify" when Shopify tracks stock; null when the variant is not tracked (always sellable).
  inventory_management: z.string().nullish(),
});

/** Sellable: in stock, oversold allowed ("continue"), or stock not tracked. */
export function variantAvailable(variant: {
  inventory_quantity?: number | null;
  inventory_policy?: string | null;
  inventory_management?: string | null;
}): boolean {
  return (
    (variant.inventory_quantity ?? 0) > 0 ||
    variant.inventory_policy === "continue" ||
    variant.inventory_management === null
  );
}

/** Shopify's REST payload has tags as one comma-separated string. */
export function splitTags(tags: string | string[] | null | undefined): string[] {
  const list = Array.isArray(tags) ? tags : (tags ?? "").split(",");
  return [...new Set(list.map((tag) => tag.trim()).filter((tag) => tag !== ""))];
}

export const productPayload = z
  .object({
    id: shopifyIdJson,
    title: z.string(),
    handle: z.string(),
    product_type: z.string().nullish(),
    vendor: z.string().nullish(),
    tags: z.union([z.string(), z.array(z.string())]).nullish(),
    status: z.string().nullish(),
    updated_at: shopifyTime,
    image: z.object({ src: z.string() }).nullish(),
    images: z.array(z.object({ src: z.string() })).nullish(),
    options: z.array(z.object({ name: z.string(), position: z.number().int().nullish() })).nullish(),
    variants: z.array(variantPayload).nullish(),
  })
  .transform((product): ProductVersion => {
    const optionNames = [...(product.options ?? [])]
      .map((option, index) => ({ name: option.name, position: option.position ?? index + 1 }))
      .sort((a, b) => a.position - b.position)
      .map((option) => option.name);
    const variants = (product.variants ?? []).map((variant, index) => {
      const values = [variant.option1, variant.option2, variant.option3];
      return {
        id: variant.id,
        title: variant.title,
        sku: variant.sku ?? null,
        price: variant.price,
        compareAtPrice: variant.compare_at_price ?? null,
        inventoryQuantity: variant.inventory_quantity ?? null,
        position: variant.position ?? index + 1,
        options: values.flatMap((value, i) =>
          value === null || value === undefined ? [] : [{ name: optionNames[i] ?? `Option ${i + 1}`, value }],
        ),
        available: variantAvailable(variant),
      };
    });
    const prices = variants.map((variant) => Number(variant.price));
    const status = (product.status ?? "active").toUpperCase();
    const version: Omit<ProductVersion, "hash"> = {
      id: product.id,
      title: product.title,
      handle: product.handle,
      productType: product.product_type ?? "",
      vendor: product.vendor ?? "",
      tags: splitTags(product.tags),
      status,
      imageUrl: product.image?.src ?? product.images?.[0]?.src ?? null,
      priceMin: prices.length ? Math.min(...prices).toFixed(2) : "0.00",
      priceMax: prices.length ? Math.max(...prices).toFixed(2) : "0.00",
      // As the catalog sync has it: for sale when active and any variant is sellable.
      available: status === "ACTIVE" && variants.some((variant) => variant.available),
      updatedAt: product.updated_at,
      variants,
    };
    return { ...version, hash: versionHash(version) };
  });

export const productDeletePayload = z.object({ id: shopifyIdJson });

const idString = shopifyIdText;
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

export const productVersionSchema = z.object({
  id: idString,
  title: z.string(),
  handle: z.string(),
  productType: z.string(),
  vendor: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  imageUrl: z.string().nullable(),
  priceMin: decimalString,
  priceMax: decimalString,
  available: z.boolean(),
  updatedAt: z.iso.datetime(),
  variants: z.array(
    z.object({
      id: idString,
      title: z.string(),
      sku: z.string().nullable(),
      price: decimalString,
      compareAtPrice: decimalString.nullable(),
      inventoryQuantity: z.number().int().nullable(),
      position: z.number().int(),
      options: z.array(z.object({ name: z.string(), value: z.string() })),
      available: z.boolean(),
    }),
  ),
  hash: z.string(),
});

export type ProductVersion = z.output<typeof productVersionSchema>;

export const productInboxEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("version"), version: productVersionSchema }),
  z.object({ kind: z.literal("delete") }),
]);

export type ProductInboxEvent = z.output<typeof productInboxEvent>;
