// The one way the app calls Shopify's Admin API: GraphQL documents from app/shopify/graphql, sent with the
// shop's Admin client, with errors turned into one error type. Tests and the demo answer these
// calls with the stand-in in tests/mocks.
import { unauthenticated } from "../shopify.server";

export interface AdminGraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

export async function adminQuery<Data>(
  admin: AdminGraphqlClient,
  document: string,
  variables?: Record<string, unknown>,
): Promise<Data> {
  let response: Response;
  try {
    response = await admin.graphql(document, { variables });
  } catch (error) {
    // The library throws on GraphQL errors and HTTP failures; keep its details for the logs.
    const details = (error as { body?: unknown }).body ?? error;
    throw new AdminApiError(`Admin API request failed: ${(error as Error).message}`, details);
  }
  const body = (await response.json()) as { data?: Data; errors?: Array<{ message: string }> | string };
  if (body.errors) {
    const message = typeof body.errors === "string" ? body.errors : body.errors.map((e) => e.message).join("; ");
    throw new AdminApiError(`Admin API error: ${message}`, body.errors);
  }
  if (!body.data) throw new AdminApiError("Admin API returned no data");
  return body.data;
}

/** The Admin client of an installed shop, from its stored offline session (for background jobs). */
export async function adminClientForShop(shop: string): Promise<AdminGraphqlClient> {
  const { admin } = await unauthenticated.admin(shop);
  return admin;
}
