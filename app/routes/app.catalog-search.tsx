// The admin pickers' catalog search (local admin mode) and lookups by id (both modes: titles and
// variants of what App Bridge's resource picker returned). A resource route: JSON, this shop only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { collectionsByIds, productsByIds, searchCollections, searchProducts } from "../catalog/admin-catalog.server";
import { authenticate } from "../shopify.server";
import { shopifyIdText } from "../shopify/ids";

const querySchema = z.object({
  type: z.enum(["product", "collection"]).default("product"),
  q: z.string().max(200).default(""),
  ids: z
    .string()
    .max(250 * 20)
    .transform((text) => text.split(","))
    .pipe(z.array(shopifyIdText).max(250))
    .optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "Bad query" }, { status: 400 });
  const { type, q, ids } = parsed.data;
  if (type === "collection") {
    return Response.json({
      collections: ids ? await collectionsByIds(session.shop, ids) : await searchCollections(session.shop, q),
    });
  }
  return Response.json({
    products: ids ? await productsByIds(session.shop, ids) : await searchProducts(session.shop, q),
  });
};
