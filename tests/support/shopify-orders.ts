// Order, refund and product webhook payloads shaped as Shopify's REST webhooks send them (with the
// personal fields the app must not keep, to prove they are dropped).

export interface LineSpec {
  id: number;
  productId: number | null;
  quantity?: number;
  /** Units left after refunds and edits; by default quantity minus the spec's refunds of the line. */
  currentQuantity?: number;
  price?: string;
  properties?: { name: string; value: unknown }[];
}

export interface RefundSpec {
  id: number;
  lines: { lineItemId: number; quantity: number }[];
}

export interface OrderSpec {
  id: number;
  lines: LineSpec[];
  createdAt: Date;
  updatedAt: Date;
  cancelledAt?: Date | null;
  test?: boolean;
  financialStatus?: string;
  customerId?: number | null;
  visitorId?: string;
  refunds?: RefundSpec[];
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "-00:00");

export function refundJson(orderId: number, refund: RefundSpec) {
  return {
    id: refund.id,
    order_id: orderId,
    created_at: "2026-11-01T10:00:00-05:00",
    note: "damaged",
    user_id: 1,
    refund_line_items: refund.lines.map((line, i) => ({
      id: refund.id * 10 + i,
      line_item_id: line.lineItemId,
      quantity: line.quantity,
      subtotal: 10,
      restock_type: "return",
    })),
    transactions: [],
  };
}

export function orderJson(spec: OrderSpec) {
  const lines = spec.lines.map((line) => ({
    id: line.id,
    product_id: line.productId,
    variant_id: line.productId === null ? null : line.productId * 10,
    quantity: line.quantity ?? 1,
    current_quantity:
      line.currentQuantity ??
      Math.max(
        0,
        (line.quantity ?? 1) -
          (spec.refunds ?? [])
            .flatMap((refund) => refund.lines)
            .filter((refunded) => refunded.lineItemId === line.id)
            .reduce((sum, refunded) => sum + refunded.quantity, 0),
      ),
    price: line.price ?? "10.00",
    total_discount: "0.00",
    title: "Product",
    name: "Product - Default",
    sku: "SKU",
    properties: line.properties ?? [],
  }));
  return {
    id: spec.id,
    admin_graphql_api_id: `gid://shopify/Order/${spec.id}`,
    name: `#${spec.id}`,
    email: "shopper@example.com",
    phone: "+15555550100",
    created_at: iso(spec.createdAt),
    processed_at: iso(spec.createdAt),
    updated_at: iso(spec.updatedAt),
    cancelled_at: spec.cancelledAt ? iso(spec.cancelledAt) : null,
    cancel_reason: spec.cancelledAt ? "customer" : null,
    test: spec.test ?? false,
    currency: "USD",
    subtotal_price: "10.00",
    total_price: "12.00",
    total_discounts: "0.00",
    financial_status: spec.financialStatus ?? "paid",
    customer:
      spec.customerId === null
        ? null
        : {
            id: spec.customerId ?? 500 + spec.id,
            email: "shopper@example.com",
            first_name: "Ada",
            last_name: "Lovelace",
          },
    billing_address: { name: "Ada Lovelace", address1: "1 Main St", city: "Springfield" },
    shipping_address: { name: "Ada Lovelace", address1: "1 Main St", city: "Springfield" },
    note_attributes: spec.visitorId ? [{ name: "_pairwise_visitor", value: spec.visitorId }] : [],
    line_items: lines,
    refunds: (spec.refunds ?? []).map((refund) => refundJson(spec.id, refund)),
  };
}

export interface ProductSpec {
  id: number;
  title?: string;
  productType?: string;
  vendor?: string;
  tags?: string;
  status?: string;
  updatedAt: Date;
  variants?: {
    id: number;
    price?: string;
    inventoryQuantity?: number;
    inventoryPolicy?: "deny" | "continue";
    inventoryManagement?: string | null;
    option1?: string;
  }[];
}

export function productJson(spec: ProductSpec) {
  const variants = spec.variants ?? [{ id: spec.id * 10, inventoryQuantity: 5 }];
  return {
    id: spec.id,
    admin_graphql_api_id: `gid://shopify/Product/${spec.id}`,
    title: spec.title ?? `Product ${spec.id}`,
    handle: `product-${spec.id}`,
    body_html: "<p>Lovely</p>",
    product_type: spec.productType ?? "Tool",
    vendor: spec.vendor ?? "Acme",
    tags: spec.tags ?? "espresso, gift",
    status: spec.status ?? "active",
    created_at: "2026-01-01T00:00:00-00:00",
    updated_at: iso(spec.updatedAt),
    published_at: "2026-01-01T00:00:00-00:00",
    options: [{ id: 1, product_id: spec.id, name: "Size", position: 1, values: ["S", "M"] }],
    image: { id: 1, src: `https://cdn.example.com/${spec.id}.jpg` },
    images: [{ id: 1, src: `https://cdn.example.com/${spec.id}.jpg` }],
    variants: variants.map((variant, i) => ({
      id: variant.id,
      product_id: spec.id,
      title: variant.option1 ?? "S",
      sku: `SKU-${variant.id}`,
      price: variant.price ?? "10.00",
      compare_at_price: null,
      position: i + 1,
      option1: variant.option1 ?? "S",
      option2: null,
      option3: null,
      inventory_quantity: variant.inventoryQuantity ?? 0,
      inventory_policy: variant.inventoryPolicy ?? "deny",
      inventory_management: variant.inventoryManagement === undefined ? "shopify" : variant.inventoryManagement,
    })),
  };
}
