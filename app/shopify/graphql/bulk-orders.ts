// History backfill through a Shopify bulk operation: the bulk query, the mutation that starts it
// and the poll. https://shopify.dev/docs/api/usage/bulk-operations/queries
import type * as AdminTypes from "./types/admin.types";
import type { BulkOperationStatusQuery, BulkRunQueryMutation } from "./types/admin.generated";

/** The bulk query over orders since a date (all orders when null; older than 60 days needs read_all_orders). */
export function ordersBulkQuery(since: Date | null): string {
  const filter = since
    ? `(query: "created_at:>='${since.toISOString()}'", sortKey: CREATED_AT)`
    : "(sortKey: CREATED_AT)";
  // No #graphql marker: codegen cannot read a document with the filter spliced in.
  return `
  {
    orders${filter} {
      edges {
        node {
          id
          name
          createdAt
          processedAt
          updatedAt
          cancelledAt
          test
          currencyCode
          displayFinancialStatus
          customer { id }
          customAttributes { key value }
          subtotalPriceSet { shopMoney { amount } }
          totalPriceSet { shopMoney { amount } }
          totalDiscountsSet { shopMoney { amount } }
          lineItems {
            edges {
              node {
                id
                quantity
                currentQuantity
                product { id }
                variant { id }
                originalUnitPriceSet { shopMoney { amount } }
                totalDiscountSet { shopMoney { amount } }
                customAttributes { key value }
              }
            }
          }
        }
      }
    }
  }`;
}

export const BULK_RUN_QUERY_MUTATION = `#graphql
  mutation BulkRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }`;

export const BULK_OPERATION_STATUS_QUERY = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        rootObjectCount
        url
        partialDataUrl
      }
    }
  }`;

export type BulkOperationStatus = AdminTypes.BulkOperationStatus;
export type BulkRunQueryData = BulkRunQueryMutation;
/** UnsignedInt64 counts arrive as strings. */
export type BulkOperationStatusData = BulkOperationStatusQuery;

// The JSONL rows are typed by hand: the bulk query is assembled at run time, so codegen does not read it.
/** One JSONL row of the result: an order, or a line item with `__parentId` naming its order. */
export interface BulkMoney {
  shopMoney: { amount: string };
}
export interface BulkOrderRow {
  id: string;
  name: string;
  createdAt: string;
  processedAt: string | null;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  currencyCode: string;
  displayFinancialStatus: string | null;
  customer: { id: string } | null;
  customAttributes: Array<{ key: string; value: string | null }>;
  subtotalPriceSet: BulkMoney | null;
  totalPriceSet: BulkMoney;
  totalDiscountsSet: BulkMoney | null;
}
export interface BulkLineItemRow {
  id: string;
  quantity: number;
  currentQuantity: number;
  product: { id: string } | null;
  variant: { id: string } | null;
  originalUnitPriceSet: BulkMoney;
  totalDiscountSet: BulkMoney | null;
  customAttributes: Array<{ key: string; value: string | null }>;
  __parentId: string;
}
