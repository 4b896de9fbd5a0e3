/** Access scopes the mission needs; `shopify.app.toml` declares the same list. */
export const SCOPES = [
  "read_products",
  "read_orders",
  "read_all_orders",
  "read_customers",
  "read_discounts",
  "write_discounts",
  "write_app_proxy",
].join(",");
