// The demo shop's data in one place: its catalog (demo-products.ts) and a generated order history
// with planted co-purchase structure (demo-orders.ts). Used by the seed, the Admin API stand-in
// and tests.
export {
  DEMO_ACCESS_TOKEN,
  DEMO_COLLECTIONS,
  DEMO_PRODUCTS,
  DEMO_SCOPES,
  DEMO_SHOP,
  DEMO_SHOP_NAME,
  demoProductByHandle,
  type DemoCollection,
  type DemoProduct,
  type DemoVariant,
  type DemoVariantOption,
} from "./demo-products";
export {
  DEMO_COMPLEMENT_GROUPS,
  demoOrders,
  type DemoComplementGroup,
  type DemoOrder,
  type DemoOrderLine,
  type DemoOrderOptions,
} from "./demo-orders";
