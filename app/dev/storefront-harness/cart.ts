// Shopify's Ajax Cart API, in memory: /cart.js, /cart/add.js, /cart/change.js, /cart/update.js with
// the behaviour the widgets rely on — lines keyed by variant and properties, 422 for a sold-out
// variant, change by line key, cart attributes.
import type { ProductDrop } from "./liquid";

export interface CartLine {
  key: string;
  id: number;
  variant_id: number;
  product_id: number;
  title: string;
  quantity: number;
  price: number;
  line_price: number;
  properties: Record<string, string>;
}

export interface CartState {
  token: string;
  items: CartLine[];
  attributes: Record<string, string>;
  item_count: number;
  total_price: number;
  currency: string;
}

export class CartError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export class AjaxCart {
  private lines: CartLine[] = [];
  private attributes: Record<string, string> = {};

  constructor(
    private readonly products: () => ProductDrop[],
    private readonly currency = "USD",
  ) {}

  reset(): void {
    this.lines = [];
    this.attributes = {};
  }

  state(): CartState {
    return {
      token: "harness-cart",
      items: this.lines.map((line) => ({ ...line, line_price: line.price * line.quantity })),
      attributes: { ...this.attributes },
      item_count: this.lines.reduce((sum, line) => sum + line.quantity, 0),
      total_price: this.lines.reduce((sum, line) => sum + line.price * line.quantity, 0),
      currency: this.currency,
    };
  }

  /** POST /cart/add.js: `{ items: [...] }` or a single `{ id, quantity, properties }`. */
  add(body: { items?: AddItem[] } & Partial<AddItem>): { items: CartLine[] } {
    const items = body.items ?? [body as AddItem];
    const resolved = items.map((item) => {
      const found = this.find(Number(item.id));
      if (!found) throw new CartError(404, `Cannot find variant ${item.id}`);
      if (!found.variant.available) throw new CartError(422, `${found.product.title} is sold out.`);
      return { item, ...found };
    });
    const added = resolved.map(({ item, product, variant }) => {
      const properties = Object.fromEntries(
        Object.entries(item.properties ?? {}).filter(([, value]) => value !== "" && value != null),
      ) as Record<string, string>;
      const key = `${variant.id}:${Buffer.from(JSON.stringify(properties)).toString("hex").slice(0, 32)}`;
      const existing = this.lines.find((line) => line.key === key);
      const quantity = Math.max(1, Number(item.quantity ?? 1));
      if (existing) {
        existing.quantity += quantity;
        return existing;
      }
      const line: CartLine = {
        key,
        id: variant.id,
        variant_id: variant.id,
        product_id: product.id,
        title: product.has_only_default_variant ? product.title : `${product.title} - ${variant.title}`,
        quantity,
        price: variant.price,
        line_price: variant.price * quantity,
        properties,
      };
      this.lines.push(line);
      return line;
    });
    return { items: added };
  }

  /** POST /cart/change.js: `{ id: lineKey | variantId, quantity }` or `{ line: 1-based index, quantity }`. */
  change(body: { id?: string | number; line?: number; quantity: number }): CartState {
    const index =
      body.line !== undefined
        ? body.line - 1
        : this.lines.findIndex((line) => line.key === String(body.id) || line.variant_id === Number(body.id));
    if (index < 0 || index >= this.lines.length) throw new CartError(400, "No valid id or line parameter.");
    if (body.quantity <= 0) this.lines.splice(index, 1);
    else this.lines[index].quantity = body.quantity;
    return this.state();
  }

  /** POST /cart/update.js: attributes (and updates by variant id, unused by the widgets). */
  update(body: { attributes?: Record<string, string> }): CartState {
    Object.assign(this.attributes, body.attributes ?? {});
    return this.state();
  }

  private find(variantId: number) {
    for (const product of this.products()) {
      const variant = product.variants.find((candidate) => candidate.id === variantId);
      if (variant) return { product, variant };
    }
    return undefined;
  }
}

interface AddItem {
  id: number | string;
  quantity?: number;
  properties?: Record<string, string>;
}
