// Customer email marketing consent, read at send time so the app stores no address before it
// sends. https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer (read_customers)

export const CUSTOMER_EMAIL_CONSENT_QUERY = `#graphql
  query CustomerEmailConsent($id: ID!) {
    customer(id: $id) {
      id
      email
      emailMarketingConsent {
        marketingState
        marketingOptInLevel
        consentUpdatedAt
      }
    }
  }`;

/** Shopify's CustomerEmailMarketingState. Only SUBSCRIBED may receive marketing email. */
export type CustomerEmailMarketingState =
  | "INVALID"
  | "NOT_SUBSCRIBED"
  | "PENDING"
  | "REDACTED"
  | "SUBSCRIBED"
  | "UNSUBSCRIBED";

export interface CustomerEmailConsentData {
  customer: {
    id: string;
    email: string | null;
    emailMarketingConsent: {
      marketingState: CustomerEmailMarketingState;
      marketingOptInLevel: "CONFIRMED_OPT_IN" | "SINGLE_OPT_IN" | "UNKNOWN" | null;
      consentUpdatedAt: string | null;
    } | null;
  } | null;
}
