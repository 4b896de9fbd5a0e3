// Customer email marketing consent, read at send time so the app stores no address before it
// sends. https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer (read_customers)
import type * as AdminTypes from "./types/admin.types";
import type { CustomerEmailConsentQuery } from "./types/admin.generated";

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

/** Only SUBSCRIBED may receive marketing email. */
export type CustomerEmailMarketingState = AdminTypes.CustomerEmailMarketingState;

export type CustomerEmailConsentData = CustomerEmailConsentQuery;
