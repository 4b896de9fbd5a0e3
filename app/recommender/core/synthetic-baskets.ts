import type { ItemId } from "./types";

/**
 * Seeded basket generator with known structure, to check that the recommender (and its
 * default measure) holds up on data it was not designed on. Two kinds of orders:
 * - a planted complement group (2–4 products bought together: pasta, sauce, parmesan) plus
 *   a few unrelated products;
 * - unrelated products only.
 * Unrelated products are drawn by a Zipf popularity law, shuffled over ids, so bestsellers
 * exist and carry no complement signal of their own.
 */
export interface SyntheticBasketOptions {
  seed: number;
  products: number;
  orders: number;
  complementGroups: number;
  /** Share of orders built around a complement group. */
  groupShare: number;
  /** Mean number of unrelated products added to an order (geometric). */
  meanExtraItems: number;
  /** Popularity skew of unrelated products: weight of the r-th most popular ∝ r^-zipf. */
  zipfExponent: number;
  /** Ids are firstId, firstId + 1, ...; a large value mimics Shopify's 13-digit ids. */
  firstId?: number;
}

export interface SyntheticBaskets {
  readonly orders: ItemId[][];
  /** The planted groups: the pairs an ideal recommender would find. */
  readonly complementGroups: ItemId[][];
}

/** mulberry32: tiny, fast, seedable; good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticBaskets(options: SyntheticBasketOptions): SyntheticBaskets {
  const random = seededRandom(options.seed);
  const firstId = options.firstId ?? 1;
  const n = options.products;
  const randomIndex = (size: number): number => Math.floor(random() * size);

  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += Math.pow(r + 1, -options.zipfExponent);
  const byRank = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [byRank[i], byRank[j]] = [byRank[j], byRank[i]];
  }
  const popularProduct = (): number => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return byRank[lo];
  };

  const groups: number[][] = [];
  for (let g = 0; g < options.complementGroups; g++) {
    const size = 2 + randomIndex(3);
    const members = new Set<number>();
    while (members.size < Math.min(size, n)) members.add(randomIndex(n));
    groups.push([...members]);
  }

  const continueExtra = options.meanExtraItems / (options.meanExtraItems + 1);
  const orders: ItemId[][] = [];
  for (let o = 0; o < options.orders; o++) {
    const basket = new Set<number>();
    if (groups.length > 0 && random() < options.groupShare) {
      // At least two members, the rest each with probability 0.6: groups are seen partially too.
      for (const member of groups[randomIndex(groups.length)])
        if (basket.size < 2 || random() < 0.6) basket.add(member);
    } else {
      basket.add(popularProduct());
    }
    while (random() < continueExtra) basket.add(popularProduct());
    orders.push([...basket].map((i) => firstId + i));
  }
  return { orders, complementGroups: groups.map((group) => group.map((i) => firstId + i)) };
}
