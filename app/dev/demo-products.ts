// The demo shop's catalog: a coffee & kitchen shop whose products pair naturally (a machine needs a
// tamper, a kettle needs filters) and whose premium versions make upgrades meaningful. Pure data,
// identical on every run, with Shopify-shaped numeric ids.
// Over 400 lines on purpose (#14): one list of data, read top to bottom like the shop it describes.
import { SCOPES } from "../scopes";

export const DEMO_SHOP = "pairwise-demo.myshopify.com";
export const DEMO_SHOP_NAME = "Pairwise Demo Coffee";
/** The demo shop's offline Admin API token: stored in its session, accepted by the Admin API stand-in. */
export const DEMO_ACCESS_TOKEN = "demo-offline-token";
export const DEMO_SCOPES = SCOPES;

export interface DemoCollection {
  id: bigint;
  title: string;
  handle: string;
}

export interface DemoVariantOption {
  name: string;
  value: string;
}

export interface DemoVariant {
  id: bigint;
  productId: bigint;
  /** Shopify's convention: "Default Title" for a product without options. */
  title: string;
  sku: string;
  /** Decimal string, e.g. "24.00". */
  price: string;
  compareAtPrice: string | null;
  available: boolean;
  inventoryQuantity: number;
  /** 1-based, as in Shopify. */
  position: number;
  options: DemoVariantOption[];
}

export interface DemoProduct {
  id: bigint;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  collectionIds: bigint[];
  status: "ACTIVE";
  /** A path the app may serve itself; null for products shown without an image. */
  imageUrl: string | null;
  updatedAt: Date;
  /** Relative sales weight used by the order generator (bestsellers are consumables). */
  popularity: number;
  variants: DemoVariant[];
}

const FIRST_PRODUCT_ID = 8_000_000_000_001n;
const FIRST_VARIANT_ID = 45_000_000_000_001n;
const FIRST_COLLECTION_ID = 600_000_000_001n;
// Catalog edits are not time-dependent; a fixed instant keeps the data identical on every run.
const CATALOG_UPDATED_AT = Date.UTC(2026, 9, 1, 9, 0, 0);

const COLLECTION_SPECS = [
  { handle: "espresso", title: "Espresso" },
  { handle: "grinders", title: "Grinders" },
  { handle: "coffee-beans", title: "Coffee Beans" },
  { handle: "pour-over", title: "Pour-Over & Brewing" },
  { handle: "cups-mugs", title: "Cups & Mugs" },
  { handle: "barista-tools", title: "Barista Tools" },
  { handle: "care-cleaning", title: "Care & Cleaning" },
  { handle: "pro-gear", title: "Pro Gear" },
] as const;

type CollectionHandle = (typeof COLLECTION_SPECS)[number]["handle"];

interface VariantSpec {
  /** Option value; the option name comes from the product spec. */
  value: string;
  price: string;
  compareAt?: string;
  soldOut?: boolean;
}

interface ProductSpec {
  handle: string;
  title: string;
  type: string;
  vendor: string;
  tags: string[];
  collections: CollectionHandle[];
  popularity: number;
  image?: boolean;
  /** A single price means one "Default Title" variant. */
  variants: string | { option: string; values: VariantSpec[] };
}

// Premium versions cost +35–50% over the item they upgrade (within the default upgrade ceiling of
// +50%), except the dual-boiler machine, which is far above it: the guardrail has something to stop.
const PRODUCT_SPECS: ProductSpec[] = [
  {
    handle: "aria-compact-espresso-machine",
    title: "Aria Compact Espresso Machine",
    type: "Espresso Machine",
    vendor: "Aria",
    tags: ["espresso", "machine", "beginner"],
    collections: ["espresso"],
    popularity: 2,
    variants: {
      option: "Color",
      values: [
        { value: "Red", price: "299.00" },
        { value: "White", price: "299.00" },
      ],
    },
  },
  {
    handle: "aria-home-espresso-machine",
    title: "Aria Home Espresso Machine",
    type: "Espresso Machine",
    vendor: "Aria",
    tags: ["espresso", "machine"],
    collections: ["espresso"],
    popularity: 3,
    variants: {
      option: "Color",
      values: [
        { value: "Brushed Steel", price: "429.00" },
        { value: "Matte Black", price: "429.00" },
        { value: "Cream", price: "449.00", soldOut: true },
      ],
    },
  },
  {
    handle: "aria-pro-dual-boiler",
    title: "Aria Pro Dual Boiler Espresso Machine",
    type: "Espresso Machine",
    vendor: "Aria",
    tags: ["espresso", "machine", "pro"],
    collections: ["espresso", "pro-gear"],
    popularity: 0.8,
    variants: { option: "Color", values: [{ value: "Stainless", price: "1299.00", compareAt: "1399.00" }] },
  },
  {
    handle: "burr-grinder",
    title: "Burr Grinder",
    type: "Grinder",
    vendor: "Grindwell",
    tags: ["grinder", "electric"],
    collections: ["grinders"],
    popularity: 4,
    variants: {
      option: "Color",
      values: [
        { value: "Black", price: "149.00" },
        { value: "White", price: "149.00" },
      ],
    },
  },
  {
    handle: "burr-grinder-pro",
    title: "Burr Grinder Pro",
    type: "Grinder",
    vendor: "Grindwell",
    tags: ["grinder", "electric", "pro"],
    collections: ["grinders", "pro-gear"],
    popularity: 1.5,
    variants: "219.00",
  },
  {
    handle: "hand-grinder",
    title: "Hand Grinder",
    type: "Grinder",
    vendor: "Grindwell",
    tags: ["grinder", "manual", "travel"],
    collections: ["grinders"],
    popularity: 3,
    variants: "89.00",
  },
  {
    handle: "house-espresso-blend",
    title: "House Espresso Blend",
    type: "Coffee Beans",
    vendor: "Pairwise Roasters",
    tags: ["beans", "espresso", "blend"],
    collections: ["coffee-beans"],
    popularity: 14,
    variants: {
      option: "Size",
      values: [
        { value: "250g", price: "14.00" },
        { value: "1kg", price: "44.00" },
      ],
    },
  },
  {
    handle: "reserve-espresso-blend",
    title: "Reserve Espresso Blend",
    type: "Coffee Beans",
    vendor: "Pairwise Roasters",
    tags: ["beans", "espresso", "blend", "premium"],
    collections: ["coffee-beans"],
    popularity: 4,
    variants: {
      option: "Size",
      values: [
        { value: "250g", price: "19.00" },
        { value: "1kg", price: "62.00" },
      ],
    },
  },
  {
    handle: "ethiopia-yirgacheffe",
    title: "Ethiopia Yirgacheffe",
    type: "Coffee Beans",
    vendor: "Pairwise Roasters",
    tags: ["beans", "single-origin", "filter"],
    collections: ["coffee-beans"],
    popularity: 9,
    variants: {
      option: "Size",
      values: [
        { value: "250g", price: "18.00" },
        { value: "1kg", price: "58.00" },
      ],
    },
  },
  {
    handle: "colombia-huila",
    title: "Colombia Huila",
    type: "Coffee Beans",
    vendor: "Pairwise Roasters",
    tags: ["beans", "single-origin"],
    collections: ["coffee-beans"],
    popularity: 10,
    variants: {
      option: "Size",
      values: [
        { value: "250g", price: "16.00" },
        { value: "1kg", price: "52.00" },
      ],
    },
  },
  {
    handle: "decaf-swiss-water",
    title: "Decaf Swiss Water",
    type: "Coffee Beans",
    vendor: "Pairwise Roasters",
    tags: ["beans", "decaf"],
    collections: ["coffee-beans"],
    popularity: 4,
    variants: {
      option: "Size",
      values: [
        { value: "250g", price: "16.00" },
        { value: "1kg", price: "52.00", soldOut: true },
      ],
    },
  },
  {
    handle: "cold-brew-blend",
    title: "Cold Brew Blend",
    type: "Coffee Beans",
    vendor: "Pairwise Roasters",
    tags: ["beans", "cold-brew"],
    collections: ["coffee-beans"],
    popularity: 3,
    variants: { option: "Size", values: [{ value: "500g", price: "24.00" }] },
  },
  {
    handle: "milk-jug",
    title: "Milk Jug",
    type: "Milk Jug",
    vendor: "Barista Works",
    tags: ["milk", "latte-art"],
    collections: ["barista-tools"],
    popularity: 5,
    variants: {
      option: "Size",
      values: [
        { value: "350ml", price: "24.00" },
        { value: "600ml", price: "29.00" },
      ],
    },
  },
  {
    handle: "milk-jug-pro",
    title: "Milk Jug Pro",
    type: "Milk Jug",
    vendor: "Barista Works",
    tags: ["milk", "latte-art", "pro"],
    collections: ["barista-tools", "pro-gear"],
    popularity: 1.5,
    variants: {
      option: "Size",
      values: [
        { value: "350ml", price: "34.00" },
        { value: "600ml", price: "39.00" },
        { value: "900ml", price: "44.00", soldOut: true },
      ],
    },
  },
  {
    handle: "milk-frother",
    title: "Handheld Milk Frother",
    type: "Milk Frother",
    vendor: "Barista Works",
    tags: ["milk"],
    collections: ["barista-tools"],
    popularity: 3,
    variants: "19.00",
  },
  {
    handle: "tamper",
    title: "Tamper",
    type: "Tamper",
    vendor: "Barista Works",
    tags: ["espresso", "tamper"],
    collections: ["barista-tools"],
    popularity: 5,
    variants: {
      option: "Size",
      values: [
        { value: "51mm", price: "39.00" },
        { value: "54mm", price: "39.00" },
        { value: "58mm", price: "39.00" },
      ],
    },
  },
  {
    handle: "tamper-pro",
    title: "Tamper Pro",
    type: "Tamper",
    vendor: "Barista Works",
    tags: ["espresso", "tamper", "pro", "calibrated"],
    collections: ["barista-tools", "pro-gear"],
    popularity: 1.5,
    variants: {
      option: "Size",
      values: [
        { value: "54mm", price: "55.00" },
        { value: "58mm", price: "55.00" },
      ],
    },
  },
  {
    handle: "knock-box",
    title: "Knock Box",
    type: "Barista Tool",
    vendor: "Barista Works",
    tags: ["espresso"],
    collections: ["barista-tools"],
    popularity: 3,
    variants: "29.00",
  },
  {
    handle: "bottomless-portafilter",
    title: "Bottomless Portafilter",
    type: "Barista Tool",
    vendor: "Barista Works",
    tags: ["espresso", "pro"],
    collections: ["barista-tools", "pro-gear"],
    popularity: 1,
    variants: {
      option: "Size",
      values: [
        { value: "54mm", price: "59.00" },
        { value: "58mm", price: "59.00" },
      ],
    },
  },
  {
    handle: "descaler",
    title: "Descaler",
    type: "Cleaning",
    vendor: "CleanBrew",
    tags: ["cleaning", "espresso", "kettle"],
    collections: ["care-cleaning"],
    popularity: 5,
    variants: {
      option: "Pack",
      values: [
        { value: "Single", price: "15.00" },
        { value: "3-Pack", price: "39.00" },
      ],
    },
  },
  {
    handle: "cleaning-tablets",
    title: "Espresso Cleaning Tablets",
    type: "Cleaning",
    vendor: "CleanBrew",
    tags: ["cleaning", "espresso"],
    collections: ["care-cleaning"],
    popularity: 3,
    variants: "12.00",
  },
  {
    handle: "grinder-cleaning-pellets",
    title: "Grinder Cleaning Pellets",
    type: "Cleaning",
    vendor: "CleanBrew",
    tags: ["cleaning", "grinder"],
    collections: ["care-cleaning"],
    popularity: 2,
    variants: "14.00",
  },
  {
    handle: "espresso-cups",
    title: "Espresso Cups (Set of 2)",
    type: "Cups",
    vendor: "Kiln & Co",
    tags: ["cups", "ceramic", "espresso"],
    collections: ["cups-mugs"],
    popularity: 4,
    variants: {
      option: "Color",
      values: [
        { value: "White", price: "22.00" },
        { value: "Charcoal", price: "22.00" },
        { value: "Terracotta", price: "22.00", soldOut: true },
      ],
    },
  },
  {
    handle: "cappuccino-cups",
    title: "Cappuccino Cups (Set of 2)",
    type: "Cups",
    vendor: "Kiln & Co",
    tags: ["cups", "ceramic", "milk"],
    collections: ["cups-mugs"],
    popularity: 4,
    variants: {
      option: "Color",
      values: [
        { value: "White", price: "28.00" },
        { value: "Charcoal", price: "28.00" },
      ],
    },
  },
  {
    handle: "double-wall-glasses",
    title: "Double-Wall Glasses (Set of 2)",
    type: "Cups",
    vendor: "Kiln & Co",
    tags: ["cups", "glass"],
    collections: ["cups-mugs"],
    popularity: 3,
    variants: "32.00",
  },
  {
    handle: "travel-mug",
    title: "Travel Mug",
    type: "Mug",
    vendor: "Kiln & Co",
    tags: ["mug", "travel"],
    collections: ["cups-mugs"],
    popularity: 5,
    variants: {
      option: "Color",
      values: [
        { value: "Black", price: "26.00" },
        { value: "Sage", price: "26.00" },
        { value: "Sand", price: "26.00" },
      ],
    },
  },
  {
    handle: "travel-mug-pro",
    title: "Insulated Travel Mug Pro",
    type: "Mug",
    vendor: "Kiln & Co",
    tags: ["mug", "travel", "insulated"],
    collections: ["cups-mugs", "pro-gear"],
    popularity: 1.5,
    variants: {
      option: "Color",
      values: [
        { value: "Black", price: "36.00" },
        { value: "Steel", price: "36.00" },
      ],
    },
  },
  {
    handle: "gooseneck-kettle",
    title: "Gooseneck Kettle",
    type: "Kettle",
    vendor: "Pourline",
    tags: ["kettle", "pour-over", "stovetop"],
    collections: ["pour-over"],
    popularity: 4,
    variants: {
      option: "Color",
      values: [
        { value: "Black", price: "79.00" },
        { value: "White", price: "79.00" },
      ],
    },
  },
  {
    handle: "gooseneck-kettle-pro",
    title: "Electric Gooseneck Kettle Pro",
    type: "Kettle",
    vendor: "Pourline",
    tags: ["kettle", "pour-over", "electric", "pro"],
    collections: ["pour-over", "pro-gear"],
    popularity: 2,
    variants: {
      option: "Color",
      values: [
        { value: "Matte Black", price: "115.00", compareAt: "129.00" },
        { value: "Matte White", price: "115.00", compareAt: "129.00" },
        { value: "Copper", price: "119.00", soldOut: true },
      ],
    },
  },
  {
    handle: "pour-over-dripper",
    title: "Pour-Over Dripper",
    type: "Brewer",
    vendor: "Pourline",
    tags: ["pour-over", "brewer"],
    collections: ["pour-over"],
    popularity: 5,
    variants: {
      option: "Material",
      values: [
        { value: "Plastic", price: "12.00" },
        { value: "Ceramic", price: "28.00" },
      ],
    },
  },
  {
    handle: "paper-filters",
    title: "Paper Filters (100 pack)",
    type: "Filters",
    vendor: "Pourline",
    tags: ["pour-over", "filters", "consumable"],
    collections: ["pour-over"],
    popularity: 9,
    variants: {
      option: "Size",
      values: [
        { value: "01", price: "8.00" },
        { value: "02", price: "8.00" },
      ],
    },
  },
  {
    handle: "coffee-scale",
    title: "Coffee Scale",
    type: "Scale",
    vendor: "Pourline",
    tags: ["scale", "pour-over", "espresso"],
    collections: ["pour-over", "barista-tools"],
    popularity: 3,
    variants: "49.00",
  },
  {
    handle: "coffee-scale-pro",
    title: "Coffee Scale Pro",
    type: "Scale",
    vendor: "Pourline",
    tags: ["scale", "timer", "pro"],
    collections: ["pour-over", "barista-tools", "pro-gear"],
    popularity: 1,
    // Sold out entirely: an upgrade target the app must not offer.
    variants: { option: "Title", values: [{ value: "Default Title", price: "69.00", soldOut: true }] },
  },
  {
    handle: "french-press",
    title: "French Press",
    type: "Brewer",
    vendor: "Pourline",
    tags: ["brewer", "immersion"],
    collections: ["pour-over"],
    popularity: 4,
    variants: {
      option: "Size",
      values: [
        { value: "350ml", price: "29.00" },
        { value: "1L", price: "39.00" },
      ],
    },
  },
  {
    handle: "cold-brew-bottle",
    title: "Cold Brew Bottle",
    type: "Brewer",
    vendor: "Pourline",
    tags: ["brewer", "cold-brew"],
    collections: ["pour-over"],
    popularity: 2,
    image: false,
    variants: "29.00",
  },
  {
    handle: "coffee-canister",
    title: "Airtight Coffee Canister",
    type: "Storage",
    vendor: "Kiln & Co",
    tags: ["storage", "beans"],
    collections: ["coffee-beans"],
    popularity: 3,
    image: false,
    variants: "24.00",
  },
];

export const DEMO_COLLECTIONS: readonly DemoCollection[] = COLLECTION_SPECS.map((spec, index) => ({
  id: FIRST_COLLECTION_ID + BigInt(index),
  title: spec.title,
  handle: spec.handle,
}));

function collectionId(handle: CollectionHandle): bigint {
  return FIRST_COLLECTION_ID + BigInt(COLLECTION_SPECS.findIndex((spec) => spec.handle === handle));
}

function buildProducts(): DemoProduct[] {
  let nextVariantId = FIRST_VARIANT_ID;
  return PRODUCT_SPECS.map((spec, index) => {
    const productId = FIRST_PRODUCT_ID + BigInt(index);
    const values: VariantSpec[] =
      typeof spec.variants === "string" ? [{ value: "Default Title", price: spec.variants }] : spec.variants.values;
    const optionName = typeof spec.variants === "string" ? "Title" : spec.variants.option;
    const variants = values.map((value, v): DemoVariant => ({
      id: nextVariantId++,
      productId,
      title: value.value,
      sku: `PW-${String(index + 1).padStart(3, "0")}-${v + 1}`,
      price: value.price,
      compareAtPrice: value.compareAt ?? null,
      available: !value.soldOut,
      // Arbitrary but fixed stock levels; sold-out variants have none.
      inventoryQuantity: value.soldOut ? 0 : 4 + ((index * 37 + v * 11) % 57),
      position: v + 1,
      options: [{ name: optionName, value: value.value }],
    }));
    return {
      id: productId,
      title: spec.title,
      handle: spec.handle,
      productType: spec.type,
      vendor: spec.vendor,
      tags: [...spec.tags],
      collectionIds: spec.collections.map(collectionId),
      status: "ACTIVE",
      imageUrl: spec.image === false ? null : `/demo-images/${spec.handle}.svg`,
      updatedAt: new Date(CATALOG_UPDATED_AT + index * 3_600_000),
      popularity: spec.popularity,
      variants,
    };
  });
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = buildProducts();

export function demoProductByHandle(handle: string): DemoProduct {
  const product = DEMO_PRODUCTS.find((candidate) => candidate.handle === handle);
  if (!product) throw new Error(`No demo product with handle "${handle}"`);
  return product;
}
