// The `shopify` global of each target module, as Shopify CLI generates it (typed per target).
import "@shopify/ui-extensions";

declare module "./src/Checkout.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.cart-line-list.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}

declare module "./src/ThankYou.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
