// Order history for the demo shop, with structure the recommender should find: planted complement
// groups (a machine with a tamper, a kettle with filters), bestsellers bought with everything (no
// complement signal), and noise. Deterministic for (seed, count, now). No names, emails or addresses:
// the only customer data is an anonymous numeric customer id.
import { seededRandom } from "../recommender/core/synthetic-baskets";
import { DEMO_PRODUCTS, demoProductByHandle, type DemoProduct, type DemoVariant } from "./demo-products";

export interface DemoOrderLine {
  id: bigint;
  productId: bigint;
  variantId: bigint;
  quantity: number;
  /** Unit price, the variant's price as a decimal string. */
  price: string;
}

export interface DemoOrder {
  id: bigint;
  /** Shopify's order name, e.g. "#1001" (not a person's name). */
  name: string;
  customerId: bigint | null;
  currencyCode: "USD";
  subtotalPrice: string;
  totalPrice: string;
  totalDiscounts: string;
  financialStatus: "paid" | "refunded";
  test: boolean;
  processedAt: Date;
  cancelledAt: Date | null;
  lines: DemoOrderLine[];
}

export interface DemoComplementGroup {
  name: string;
  /** One of these starts the basket... */
  anchors: readonly string[];
  /** ...and each of these joins it with the given probability (at least one always does). */
  complements: ReadonlyArray<{ handle: string; probability: number }>;
  /** Relative frequency among group-built orders. */
  weight: number;
}

/** The planted structure, by product handle: what an ideal recommender would recover. */
export const DEMO_COMPLEMENT_GROUPS: readonly DemoComplementGroup[] = [
  {
    name: "espresso setup",
    anchors: ["aria-compact-espresso-machine", "aria-home-espresso-machine"],
    complements: [
      { handle: "tamper", probability: 0.55 },
      { handle: "milk-jug", probability: 0.5 },
      { handle: "descaler", probability: 0.45 },
      { handle: "knock-box", probability: 0.3 },
    ],
    weight: 3,
  },
  {
    name: "pro espresso bar",
    anchors: ["aria-pro-dual-boiler"],
    complements: [
      { handle: "tamper-pro", probability: 0.6 },
      { handle: "milk-jug-pro", probability: 0.5 },
      { handle: "bottomless-portafilter", probability: 0.4 },
      { handle: "burr-grinder-pro", probability: 0.3 },
    ],
    weight: 0.7,
  },
  {
    name: "grinder and beans",
    anchors: ["burr-grinder", "burr-grinder-pro", "hand-grinder"],
    complements: [
      { handle: "house-espresso-blend", probability: 0.5 },
      { handle: "ethiopia-yirgacheffe", probability: 0.4 },
      { handle: "colombia-huila", probability: 0.35 },
      { handle: "grinder-cleaning-pellets", probability: 0.25 },
    ],
    weight: 3,
  },
  {
    name: "pour-over kit",
    anchors: ["gooseneck-kettle", "gooseneck-kettle-pro"],
    complements: [
      { handle: "paper-filters", probability: 0.6 },
      { handle: "pour-over-dripper", probability: 0.55 },
      { handle: "coffee-scale", probability: 0.35 },
    ],
    weight: 2.5,
  },
  {
    name: "dripper and filters",
    anchors: ["pour-over-dripper"],
    complements: [
      { handle: "paper-filters", probability: 0.8 },
      { handle: "ethiopia-yirgacheffe", probability: 0.3 },
    ],
    weight: 2,
  },
  {
    name: "milk drinks",
    anchors: ["milk-jug", "milk-jug-pro"],
    complements: [
      { handle: "cappuccino-cups", probability: 0.55 },
      { handle: "double-wall-glasses", probability: 0.3 },
    ],
    weight: 1.5,
  },
  {
    name: "machine care",
    anchors: ["descaler"],
    complements: [{ handle: "cleaning-tablets", probability: 0.6 }],
    weight: 1.5,
  },
  {
    name: "cold brew",
    anchors: ["cold-brew-bottle"],
    complements: [{ handle: "cold-brew-blend", probability: 0.75 }],
    weight: 1,
  },
  {
    name: "french press",
    anchors: ["french-press"],
    complements: [
      { handle: "colombia-huila", probability: 0.5 },
      { handle: "hand-grinder", probability: 0.25 },
    ],
    weight: 1.5,
  },
];

export interface DemoOrderOptions {
  seed?: number;
  count?: number;
  /** Orders fall in the 90 days before this instant. */
  now?: Date;
}

const FIRST_ORDER_ID = 5_000_000_000_001n;
const FIRST_LINE_ID = 13_000_000_000_001n;
const FIRST_CUSTOMER_ID = 7_000_000_000_001n;
const FIRST_ORDER_NUMBER = 1001;
const HISTORY_DAYS = 90;
const MAX_BASKET_PRODUCTS = 6;
/** Share of orders built around a complement group; the rest are bestsellers plus noise. */
const GROUP_SHARE = 0.5;
/** Chance of one more unrelated product, repeatedly (geometric, mean ≈ 0.5 extra items). */
const EXTRA_ITEM_CHANCE = 0.33;
const CUSTOMER_SHARE = 0.6;
/** Distinct customers per order with a customer: leaves room for repeat buyers. */
const CUSTOMERS_PER_ORDER = 0.4;
const TEST_SHARE = 0.01;
const CANCELLED_SHARE = 0.02;
const FREE_SHIPPING_CENTS = 5_000;
const SHIPPING_CENTS = 500;
const CONSUMABLE_TYPES = new Set(["Coffee Beans", "Filters", "Cleaning"]);

type Random = () => number;

function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let x = random() * total;
  for (const item of items) {
    x -= weight(item);
    if (x < 0) return item;
  }
  return items[items.length - 1];
}

function toCents(price: string): number {
  return Math.round(Number(price) * 100);
}

function fromCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

function groupBasket(random: Random, group: DemoComplementGroup): DemoProduct[] {
  const anchor = pickWeighted(random, group.anchors.map(demoProductByHandle), (product) => product.popularity);
  const chosen = group.complements.filter((complement) => random() < complement.probability);
  // A group order always shows the pairing: with no complement drawn, take one by its probability.
  if (chosen.length === 0) chosen.push(pickWeighted(random, group.complements, (complement) => complement.probability));
  return [anchor, ...chosen.map((complement) => demoProductByHandle(complement.handle))];
}

function basketProducts(random: Random): DemoProduct[] {
  const basket = new Map<bigint, DemoProduct>();
  const add = (product: DemoProduct) => {
    if (basket.size < MAX_BASKET_PRODUCTS) basket.set(product.id, product);
  };
  const popular = () => pickWeighted(random, DEMO_PRODUCTS, (product) => product.popularity);
  if (random() < GROUP_SHARE) {
    groupBasket(
      random,
      pickWeighted(random, DEMO_COMPLEMENT_GROUPS, (group) => group.weight),
    ).forEach(add);
  } else {
    add(popular());
  }
  while (random() < EXTRA_ITEM_CHANCE) add(popular());
  return [...basket.values()];
}

function pickVariant(random: Random, product: DemoProduct): DemoVariant {
  // The first option is the usual pick (the 250g bag, the first colour).
  return pickWeighted(random, product.variants, (variant) => 1 / variant.position);
}

function pickQuantity(random: Random, product: DemoProduct): number {
  const x = random();
  if (CONSUMABLE_TYPES.has(product.productType)) return x < 0.7 ? 1 : x < 0.9 ? 2 : 3;
  return x < 0.95 ? 1 : 2;
}

/** A few thousand orders over the last 90 days; see the module comment for their structure. */
export function demoOrders(options: DemoOrderOptions = {}): DemoOrder[] {
  const seed = options.seed ?? 1;
  const count = options.count ?? 3000;
  // Shopify timestamps have whole seconds.
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000;
  const random = seededRandom(seed);
  const customers = Math.max(1, Math.round(count * CUSTOMER_SHARE * CUSTOMERS_PER_ORDER));

  // Times are drawn first and sorted so order ids and names increase with time, as in Shopify.
  const times = Array.from({ length: count }, () => now - Math.floor(random() * HISTORY_DAYS * 86_400) * 1000);
  times.sort((a, b) => a - b);

  let nextLineId = FIRST_LINE_ID;
  return times.map((time, index): DemoOrder => {
    const lines = basketProducts(random).map((product): DemoOrderLine => {
      const variant = pickVariant(random, product);
      return {
        id: nextLineId++,
        productId: product.id,
        variantId: variant.id,
        quantity: pickQuantity(random, product),
        price: variant.price,
      };
    });
    const subtotal = lines.reduce((sum, line) => sum + toCents(line.price) * line.quantity, 0);
    const shipping = subtotal >= FREE_SHIPPING_CENTS ? 0 : SHIPPING_CENTS;
    const customerId = random() < CUSTOMER_SHARE ? FIRST_CUSTOMER_ID + BigInt(Math.floor(random() * customers)) : null;
    const test = random() < TEST_SHARE;
    const cancelled = !test && random() < CANCELLED_SHARE;
    const cancelledAt = cancelled ? new Date(Math.min(now, time + Math.floor(random() * 2 * 86_400) * 1000)) : null;
    return {
      id: FIRST_ORDER_ID + BigInt(index),
      name: `#${FIRST_ORDER_NUMBER + index}`,
      customerId,
      currencyCode: "USD",
      subtotalPrice: fromCents(subtotal),
      totalPrice: fromCents(subtotal + shipping),
      totalDiscounts: "0.00",
      financialStatus: cancelled ? "refunded" : "paid",
      test,
      processedAt: new Date(time),
      cancelledAt,
      lines,
    };
  });
}
