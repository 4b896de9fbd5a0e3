// Where the app's backend is: shopify.app.toml's application_url (Shopify CLI does not pass it to
// UI extensions; keep them in sync when `shopify app config link` changes it).
export const APP_URL = "https://pairwise.example.com";
export const OFFERS_PATH = "/api/checkout/offers";
/** A slow backend must never hold up the checkout: past this, the extension shows nothing. */
export const REQUEST_TIMEOUT_MS = 4000;
