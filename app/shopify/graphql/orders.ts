// One order, read to prove a thank-you page's order before its personal code is made (when the
// orders/create webhook has not been ingested yet). Another shop's order is `null`, as Shopify
// scopes the Admin API by shop. https://shopify.dev/docs/api/admin-graphql/latest/queries/order
import type { OrderProofQuery } from "./types/admin.generated";

export const ORDER_PROOF_QUERY = `#graphql
  query OrderProof($id: ID!) {
    order(id: $id) {
      id
      processedAt
      cancelledAt
      customer { id }
    }
  }`;

export type OrderProofData = OrderProofQuery;
