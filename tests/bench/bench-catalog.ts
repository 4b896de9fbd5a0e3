// The bench shop's catalog and merchant setup for the storefront benchmark (d), so that offer requests
// run the whole path instead of ending at "no such product" (docs/benchmarks.md, section d). Generated
// in Postgres, deterministic (hashes of the product index), idempotent, scoped to one shop.
import type pg from "pg";

export const BENCH_VISITORS = 5_000;

export async function seedBenchCatalog(
  sql: pg.Client,
  shop: string,
  options: { firstId: number; products: number; bestsellers: number[] },
): Promise<void> {
  const { firstId, products } = options;
  const collectionBase = 9_000_000_000_000;
  const seeded = await sql.query("SELECT 1 FROM products WHERE shop = $1 LIMIT 1", [shop]);
  if (seeded.rowCount) return;
  await sql.query(
    `INSERT INTO collections (shop, id, title, handle)
     SELECT $1, $2::bigint + c, 'Collection ' || c, 'collection-' || c FROM generate_series(0, 119) c`,
    [shop, collectionBase],
  );
  await sql.query(
    `INSERT INTO products (shop, id, title, handle, product_type, vendor, tags, collection_ids, status, available, price_min, price_max, source_updated_at)
     SELECT $1, $2::bigint + i, 'Product ' || i, 'product-' || i,
            'Type ' || (abs(hashint4(i)) % 40), 'Vendor ' || (abs(hashint4(i + 1)) % 25),
            ARRAY['tag-' || (abs(hashint4(i + 2)) % 300), 'tag-' || (abs(hashint4(i + 3)) % 300), 'tag-' || (abs(hashint4(i + 4)) % 300)],
            CASE WHEN i % 3 = 0 THEN ARRAY[$3::bigint + abs(hashint4(i + 5)) % 120, $3::bigint + abs(hashint4(i + 6)) % 120]
                 ELSE ARRAY[$3::bigint + abs(hashint4(i + 5)) % 120] END,
            CASE WHEN i % 50 = 7 THEN 'DRAFT' ELSE 'ACTIVE' END,
            i % 20 <> 3, 10, 60, now()
     FROM generate_series(0, $4::int - 1) i`,
    [shop, firstId, collectionBase, products],
  );
  // Variant ids: product id * 10 + position, so they never collide with product ids.
  await sql.query(
    `INSERT INTO variants (shop, id, product_id, title, price, available, position)
     SELECT $1, ($2::bigint + i) * 10 + v, $2::bigint + i, CASE WHEN n = 1 THEN 'Default Title' ELSE 'Size ' || v END,
            10 + (abs(hashint4(i)) % 50) + v * 5, NOT (i % 20 = 3 OR (v = 1 AND i % 7 = 0)), v
     FROM generate_series(0, $3::int - 1) i, LATERAL (SELECT 1 + i % 3 AS n) k, LATERAL generate_series(1, k.n) v`,
    [shop, firstId, products],
  );
  await sql.query(
    `INSERT INTO rules (id, shop, kind, name, priority, trigger, offer, surfaces, updated_at)
     SELECT 'bench-cross-' || r, $1, 'CROSS_SELL', 'Bench cross-sell ' || r, r,
            CASE r % 3 WHEN 0 THEN json_build_object('collectionIds', json_build_array(($3::bigint + r * 7)::text))
                       WHEN 1 THEN json_build_object('tags', json_build_array('tag-' || (r * 29)))
                       ELSE json_build_object('productTypes', json_build_array('Type ' || r)) END,
            json_build_object('productIds', json_build_array(($2::bigint + r * 97)::text, ($2::bigint + r * 97 + 1)::text)),
            '{product,cart,drawer,checkout}', now()
     FROM generate_series(0, 9) r`,
    [shop, firstId, collectionBase],
  );
  const bestsellers = options.bestsellers.slice(0, 5);
  await sql.query(
    `INSERT INTO rules (id, shop, kind, name, priority, trigger, offer, surfaces, value_text, updated_at)
     SELECT 'bench-upgrade-' || r, $1, 'UPGRADE', 'Bench upgrade ' || r, 100 + r,
            json_build_object('productId', (b.id)::text), json_build_object('productId', (b.id + 1)::text),
            '{}', 'Bigger and better', now()
     FROM unnest($2::bigint[]) WITH ORDINALITY AS b(id, r)`,
    [shop, bestsellers],
  );
  await sql.query(
    `INSERT INTO pair_overrides (shop, product_id, other_product_id, mode)
     SELECT $1, $2::bigint + (i * 25) % $3, $2::bigint + (i * 25 + 11) % $3, CASE WHEN i % 2 = 0 THEN 'PIN' ELSE 'BLOCK' END::"PairOverrideMode"
     FROM generate_series(0, 399) i ON CONFLICT DO NOTHING`,
    [shop, firstId, products],
  );
  await sql.query(
    `INSERT INTO offer_events (shop, occurred_at, type, surface, offer_id, offer_kind, product_id, offered_product_id, visitor_id)
     SELECT $1, now() - make_interval(mins => (e * 211 + v) % 720), CASE WHEN e = 3 THEN 'dismiss' ELSE 'impression' END, 'product',
            'pw_' || lpad(to_hex(abs(hashint4(v * 4 + e))), 16, '0'), 'cross_sell',
            $2::bigint + abs(hashint4(v)) % $3, $2::bigint + abs(hashint4(v + e)) % $3, 'bench-visitor-' || v
     FROM generate_series(0, $4::int - 1) v, generate_series(0, 3) e
     WHERE e < 3 OR v % 10 = 0`,
    [shop, firstId, products, BENCH_VISITORS],
  );
  for (const table of ["products", "variants", "collections", "rules", "pair_overrides", "offer_events"])
    await sql.query(`ANALYZE ${table}`);
}
