// Admin GraphQL documents for the shop's identity and catalog sync. Plain strings with a leading
// `#graphql` marker (as in Shopify's app template) so editors and codegen recognise them; the
// operation names are what the local Admin API stand-in dispatches on.
import type { CatalogProductsQuery, ShopInfoQuery } from "./types/admin.generated";

export const SHOP_INFO_QUERY = `#graphql
  query ShopInfo {
    shop {
      name
      myshopifyDomain
      currencyCode
      primaryDomain {
        url
      }
      ianaTimezone
      currencyFormats {
        moneyFormat
      }
    }
    shopLocales {
      locale
      primary
      published
    }
  }
`;

/**
 * Products per CatalogProducts page. Shopify refuses a query whose requested cost exceeds 1000; with
 * the nested collections(first: 20) and variants(first: 50) a page costs about 2 + 76 × first, so
 * 13 is the most one page may ask for (the Admin API stand-in enforces the same limit).
 */
export const CATALOG_PAGE_SIZE = 10;

/** One page of products with their variants and collections; page with `after` = `endCursor`. */
export const CATALOG_PRODUCTS_QUERY = `#graphql
  query CatalogProducts($first: Int!, $after: String) {
    products(first: $first, after: $after) {
      nodes {
        id
        title
        handle
        productType
        vendor
        tags
        status
        updatedAt
        featuredImage {
          url
        }
        collections(first: 20) {
          nodes {
            id
            title
            handle
          }
        }
        variants(first: 50) {
          nodes {
            id
            title
            sku
            price
            compareAtPrice
            availableForSale
            inventoryQuantity
            position
            selectedOptions {
              name
              value
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

// Response `data` shapes, generated from the documents above (npm run graphql-codegen).
/** currencyCode widened to string for the Admin API stand-in, which fills it from a plain string. */
export type ShopInfoData = Omit<ShopInfoQuery, "shop"> & {
  shop: Omit<ShopInfoQuery["shop"], "currencyCode"> & { currencyCode: string };
};
export type CatalogProductsData = CatalogProductsQuery;
export type CatalogProductNode = CatalogProductsData["products"]["nodes"][number];
