/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type BulkRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BulkRunQueryMutation = { bulkOperationRunQuery: AdminTypes.Maybe<{ bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message'>> }> };

export type BulkOperationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationStatusQuery = { node: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url' | 'partialDataUrl'>> };

export type ShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopInfoQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode' | 'ianaTimezone'>
    & { primaryDomain: Pick<AdminTypes.Domain, 'url'>, currencyFormats: Pick<AdminTypes.CurrencyFormats, 'moneyFormat'> }
  ), shopLocales: Array<Pick<AdminTypes.ShopLocale, 'locale' | 'primary' | 'published'>> };

export type CatalogProductsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CatalogProductsQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'tags' | 'status' | 'updatedAt'>
      & { featuredImage: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>>, collections: { nodes: Array<Pick<AdminTypes.Collection, 'id' | 'title' | 'handle'>> }, variants: { nodes: Array<(
          Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'price' | 'compareAtPrice' | 'availableForSale' | 'inventoryQuantity' | 'position'>
          & { selectedOptions: Array<Pick<AdminTypes.SelectedOption, 'name' | 'value'>> }
        )> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CustomerEmailConsentQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CustomerEmailConsentQuery = { customer: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'email'>
    & { emailMarketingConsent: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailMarketingConsentState, 'marketingState' | 'marketingOptInLevel' | 'consentUpdatedAt'>> }
  )> };

export type DiscountCodeBasicCreateMutationVariables = AdminTypes.Exact<{
  basicCodeDiscount: AdminTypes.DiscountCodeBasicInput;
}>;


export type DiscountCodeBasicCreateMutation = { discountCodeBasicCreate: AdminTypes.Maybe<{ codeDiscountNode: AdminTypes.Maybe<(
      Pick<AdminTypes.DiscountCodeNode, 'id'>
      & { codeDiscount: (
        Pick<AdminTypes.DiscountCodeBasic, 'title' | 'status' | 'startsAt' | 'endsAt' | 'usageLimit' | 'appliesOncePerCustomer'>
        & { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'code'>> } }
      ) }
    )>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'code' | 'message'>> }> };

export type DiscountAutomaticAppCreateMutationVariables = AdminTypes.Exact<{
  automaticAppDiscount: AdminTypes.DiscountAutomaticAppInput;
}>;


export type DiscountAutomaticAppCreateMutation = { discountAutomaticAppCreate: AdminTypes.Maybe<{ automaticAppDiscount: AdminTypes.Maybe<(
      Pick<AdminTypes.DiscountAutomaticApp, 'discountId' | 'title' | 'status' | 'startsAt' | 'endsAt' | 'discountClasses'>
      & { combinesWith: Pick<AdminTypes.DiscountCombinesWith, 'orderDiscounts' | 'productDiscounts' | 'shippingDiscounts'>, appDiscountType: Pick<AdminTypes.AppDiscountType, 'functionId' | 'title'> }
    )>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'code' | 'message'>> }> };

export type OrderProofQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderProofQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'processedAt' | 'cancelledAt'>
    & { customer: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>> }
  )> };

interface GeneratedQueryTypes {
  "#graphql\n  query BulkOperationStatus($id: ID!) {\n    node(id: $id) {\n      ... on BulkOperation {\n        id\n        status\n        errorCode\n        objectCount\n        rootObjectCount\n        url\n        partialDataUrl\n      }\n    }\n  }": {return: BulkOperationStatusQuery, variables: BulkOperationStatusQueryVariables},
  "#graphql\n  query ShopInfo {\n    shop {\n      name\n      myshopifyDomain\n      currencyCode\n      primaryDomain {\n        url\n      }\n      ianaTimezone\n      currencyFormats {\n        moneyFormat\n      }\n    }\n    shopLocales {\n      locale\n      primary\n      published\n    }\n  }\n": {return: ShopInfoQuery, variables: ShopInfoQueryVariables},
  "#graphql\n  query CatalogProducts($first: Int!, $after: String) {\n    products(first: $first, after: $after) {\n      nodes {\n        id\n        title\n        handle\n        productType\n        vendor\n        tags\n        status\n        updatedAt\n        featuredImage {\n          url\n        }\n        collections(first: 20) {\n          nodes {\n            id\n            title\n            handle\n          }\n        }\n        variants(first: 50) {\n          nodes {\n            id\n            title\n            sku\n            price\n            compareAtPrice\n            availableForSale\n            inventoryQuantity\n            position\n            selectedOptions {\n              name\n              value\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: CatalogProductsQuery, variables: CatalogProductsQueryVariables},
  "#graphql\n  query CustomerEmailConsent($id: ID!) {\n    customer(id: $id) {\n      id\n      email\n      emailMarketingConsent {\n        marketingState\n        marketingOptInLevel\n        consentUpdatedAt\n      }\n    }\n  }": {return: CustomerEmailConsentQuery, variables: CustomerEmailConsentQueryVariables},
  "#graphql\n  query OrderProof($id: ID!) {\n    order(id: $id) {\n      id\n      processedAt\n      cancelledAt\n      customer { id }\n    }\n  }": {return: OrderProofQuery, variables: OrderProofQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation BulkRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query) {\n      bulkOperation { id status }\n      userErrors { field message }\n    }\n  }": {return: BulkRunQueryMutation, variables: BulkRunQueryMutationVariables},
  "#graphql\n  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {\n    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {\n      codeDiscountNode {\n        id\n        codeDiscount {\n          ... on DiscountCodeBasic {\n            title\n            status\n            startsAt\n            endsAt\n            usageLimit\n            appliesOncePerCustomer\n            codes(first: 1) { nodes { code } }\n          }\n        }\n      }\n      userErrors { field code message }\n    }\n  }": {return: DiscountCodeBasicCreateMutation, variables: DiscountCodeBasicCreateMutationVariables},
  "#graphql\n  mutation DiscountAutomaticAppCreate($automaticAppDiscount: DiscountAutomaticAppInput!) {\n    discountAutomaticAppCreate(automaticAppDiscount: $automaticAppDiscount) {\n      automaticAppDiscount {\n        discountId\n        title\n        status\n        startsAt\n        endsAt\n        discountClasses\n        combinesWith { orderDiscounts productDiscounts shippingDiscounts }\n        appDiscountType { functionId title }\n      }\n      userErrors { field code message }\n    }\n  }": {return: DiscountAutomaticAppCreateMutation, variables: DiscountAutomaticAppCreateMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
