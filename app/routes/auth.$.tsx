import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopifyError } from "@shopify/shopify-api";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  try {
    await authenticate.admin(request);
  } catch (error) {
    // The library refuses a request it cannot trust (e.g. an exit-iframe destination off the app's
    // host) with a ShopifyError: the caller's fault, a 400, not a 500. Responses (redirects) pass.
    if (error instanceof ShopifyError)
      return new Response(`Bad authentication request: ${error.message}`, { status: 400 });
    throw error;
  }
  return null;
};
