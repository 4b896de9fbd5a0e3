// A small espresso shop with everything the storefront offers need: a catalog with variants and a
// sold-out product, recommender neighbours, an upgrade and a discounted cross-sell rule. Used by the
// proxy HTTP tests and the storefront harness.
import prisma from "../../app/db.server";
import { ensureShop } from "../../app/shops/shop.server";

interface SeedProduct {
  id: bigint;
  title: string;
  handle: string;
  productType: string;
  tags: string[];
  collectionIds: bigint[];
  variants: { id: bigint; title: string; price: string; available?: boolean }[];
}

export const MACHINE = 1001n;
export const TAMPER = 1002n;
export const MILK_JUG = 1003n;
export const KNOCK_BOX = 1004n;
export const TABLETS = 1005n;
export const MACHINE_PRO = 1007n;
export const GRINDER = 1008n;
export const GRINDER_PRO = 1009n;

export const OFFER_SHOP_PRODUCTS: SeedProduct[] = [
  {
    id: MACHINE,
    title: "Espresso Machine",
    handle: "espresso-machine",
    productType: "Espresso machine",
    tags: ["espresso"],
    collectionIds: [1n],
    variants: [
      { id: 2001n, title: "Black", price: "400.00" },
      { id: 2002n, title: "Silver", price: "420.00" },
    ],
  },
  {
    id: TAMPER,
    title: "Tamper",
    handle: "tamper",
    productType: "Tool",
    tags: ["espresso"],
    collectionIds: [1n],
    variants: [{ id: 2011n, title: "Default Title", price: "30.00" }],
  },
  {
    id: MILK_JUG,
    title: "Milk Jug",
    handle: "milk-jug",
    productType: "Tool",
    tags: ["milk"],
    collectionIds: [2n],
    variants: [
      { id: 2021n, title: "350 ml", price: "20.00" },
      { id: 2022n, title: "600 ml", price: "24.00" },
    ],
  },
  {
    id: KNOCK_BOX,
    title: "Knock Box",
    handle: "knock-box",
    productType: "Tool",
    tags: ["espresso"],
    collectionIds: [1n],
    variants: [{ id: 2031n, title: "Default Title", price: "25.00", available: false }],
  },
  {
    id: TABLETS,
    title: "Cleaning Tablets",
    handle: "cleaning-tablets",
    productType: "Care",
    tags: [],
    collectionIds: [3n],
    variants: [{ id: 2041n, title: "Default Title", price: "12.00" }],
  },
  {
    id: MACHINE_PRO,
    title: "Espresso Machine Pro",
    handle: "espresso-machine-pro",
    productType: "Espresso machine",
    tags: ["espresso"],
    collectionIds: [4n],
    variants: [{ id: 2061n, title: "Default Title", price: "560.00" }],
  },
  {
    id: GRINDER,
    title: "Grinder",
    handle: "grinder",
    productType: "Grinder",
    tags: ["espresso"],
    collectionIds: [5n],
    variants: [{ id: 2071n, title: "Default Title", price: "150.00" }],
  },
  {
    id: GRINDER_PRO,
    title: "Grinder Pro",
    handle: "grinder-pro",
    productType: "Grinder",
    tags: ["espresso"],
    collectionIds: [5n],
    variants: [{ id: 2081n, title: "Default Title", price: "210.00" }],
  },
];

const neighbour = (id: bigint, score: number) => ({
  id: String(id),
  score,
  together: 12,
  support: 0.02,
  confidence: score,
  lift: 2.5,
  source: "history",
});

/** Rule ids look like cuids (letters, digits, dashes), unique per test shop. */
export const seededRuleId = (shop: string, name: "clean" | "pro" | "grinder") => `${name}-${shop.split(".")[0]}`;

export async function seedOfferShop(shop: string, options: { holdoutShare?: number } = {}): Promise<void> {
  await ensureShop(shop);
  await prisma.shopSettings.update({ where: { shop }, data: { holdoutShare: options.holdoutShare ?? 0.1 } });
  for (const product of OFFER_SHOP_PRODUCTS) {
    const prices = product.variants.map((variant) => Number(variant.price));
    await prisma.product.create({
      data: {
        shop,
        id: product.id,
        title: product.title,
        handle: product.handle,
        productType: product.productType,
        vendor: "Pairwise Demo",
        tags: product.tags,
        collectionIds: product.collectionIds,
        priceMin: Math.min(...prices).toFixed(2),
        priceMax: Math.max(...prices).toFixed(2),
        available: product.variants.some((variant) => variant.available !== false),
        sourceUpdatedAt: new Date("2026-10-01T00:00:00Z"),
      },
    });
    await prisma.variant.createMany({
      data: product.variants.map((variant, index) => ({
        shop,
        id: variant.id,
        productId: product.id,
        title: variant.title,
        price: variant.price,
        available: variant.available !== false,
        position: index + 1,
        options: [{ name: "Option", value: variant.title }],
      })),
    });
  }
  await prisma.productStat.createMany({
    data: [
      {
        shop,
        productId: MACHINE,
        orderCount: 40,
        neighbours: [
          neighbour(TAMPER, 0.3),
          neighbour(KNOCK_BOX, 0.25),
          neighbour(MILK_JUG, 0.2),
          neighbour(GRINDER, 0.12),
        ],
      },
      { shop, productId: GRINDER, orderCount: 30, neighbours: [neighbour(TABLETS, 0.2), neighbour(TAMPER, 0.1)] },
    ],
  });
  await prisma.rule.createMany({
    data: [
      {
        shop,
        id: seededRuleId(shop, "clean"),
        kind: "CROSS_SELL",
        name: "Cleaning kit with every machine",
        priority: 0,
        trigger: { productIds: [String(MACHINE)] },
        offer: { productIds: [String(TABLETS)] },
        surfaces: ["product"],
        discount: { type: "percentage", value: 10 },
      },
      {
        shop,
        id: seededRuleId(shop, "pro"),
        kind: "UPGRADE",
        name: "Machine to Pro",
        priority: 1,
        trigger: { productId: String(MACHINE) },
        offer: { productId: String(MACHINE_PRO) },
        surfaces: [],
        valueText: "Dual boiler: steam milk while you brew",
      },
      {
        shop,
        id: seededRuleId(shop, "grinder"),
        kind: "UPGRADE",
        name: "Grinder to Pro",
        priority: 2,
        trigger: { productId: String(GRINDER) },
        offer: { productId: String(GRINDER_PRO) },
        surfaces: [],
        valueText: "Steel burrs that last 3× longer",
      },
    ],
  });
}
