// Storefront offers through the app proxy (https://{shop}/apps/pairwise/offers → /proxy/offers).
// The answer (signature, validation, offers, Liquid or JSON) is app/offers/storefront/offers-proxy.server.ts;
// the production server sends that same answer from node:http ahead of Remix (decision 013), and
// this route serves it wherever Remix is the server (`shopify app dev`, `remix vite:dev`).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerOffersProxy, toFetchResponse } from "../offers/storefront/offers-proxy.server";

export const loader = async ({ request }: LoaderFunctionArgs) =>
  toFetchResponse(await answerOffersProxy(new URL(request.url)));
