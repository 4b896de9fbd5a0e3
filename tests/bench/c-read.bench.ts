// (c) Serving: top-k for a 5-item cart from the stored neighbour lists, in-process (one indexed
// read per request), after the lists are computed for the bench shop.
import { refreshNeighbours } from "../../app/recommender/store/neighbours.server";
import { neighboursForCart, neighboursForProduct } from "../../app/recommender/store/recommendations.server";
import { sqlPool } from "../../app/db/sql-pool.server";
import { seededRandom } from "../../app/recommender/core/synthetic-baskets";
import { median, ms, percentile, prisma, type BenchContext, type BenchRow } from "./context";

const READS = 2_000;

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const { shop, baskets } = await context.shopWithStats();
  const refreshed = await refreshNeighbours(shop, {}, prisma);
  context.log(
    `neighbour lists: ${refreshed.products} products (${refreshed.withNeighbours} with neighbours) in ${ms(refreshed.ms)}`,
  );

  const random = seededRandom(9);
  const cartOf = () => {
    const items = new Set<number>();
    while (items.size < 5) {
      const basket = baskets[Math.floor(random() * baskets.length)];
      items.add(basket[Math.floor(random() * basket.length)]);
    }
    return [...items];
  };
  const cartTimes: number[] = [];
  const productTimes: number[] = [];
  const floorTimes: number[] = [];
  let returned = 0;
  for (let i = 0; i < READS + 200; i++) {
    const cart = cartOf();
    let started = performance.now();
    const results = await neighboursForCart(shop, cart, 10);
    if (i >= 200) cartTimes.push(performance.now() - started);
    returned += results.length;
    started = performance.now();
    await neighboursForProduct(shop, cart[0], 10);
    if (i >= 200) productTimes.push(performance.now() - started);
    // The noise floor of this machine at this moment: an empty round trip on the same pool.
    started = performance.now();
    await sqlPool().query("SELECT 1");
    if (i >= 200) floorTimes.push(performance.now() - started);
  }
  context.log(`cart reads: ${READS}, ${(returned / (READS + 200)).toFixed(1)} results on average`);
  const p99 = percentile(cartTimes, 99);
  return [
    {
      bench: "read",
      metric: "neighbour lists refresh (whole shop)",
      value: `${ms(refreshed.ms)} for ${refreshed.products.toLocaleString("en")} products`,
    },
    { bench: "read", metric: "top-10 for a 5-item cart, p50", value: ms(median(cartTimes)) },
    { bench: "read", metric: "top-10 for a 5-item cart, p99", value: ms(p99), target: "< 2 ms", ok: p99 < 2 },
    {
      bench: "read",
      metric: "top-10 for one product, p50 / p99",
      value: `${ms(median(productTimes))} / ${ms(percentile(productTimes, 99))}`,
    },
    {
      bench: "read",
      metric: "noise floor: SELECT 1 on the same pool, p50 / p99",
      value: `${ms(median(floorTimes))} / ${ms(percentile(floorTimes, 99))}`,
    },
  ];
}
