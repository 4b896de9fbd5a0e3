// The one way the app calls Shopify's Admin API: GraphQL documents from app/shopify/graphql, sent with the
// shop's Admin client, with errors turned into one error type. Tests and the demo answer these
// calls with the stand-in in app/dev/shopify-stand-in.
import type { AdminOperations } from "@shopify/admin-api-client";
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

// Codegen adds each document of app/shopify/graphql to AdminOperations, keyed by its text; its
// string index signature (any other text) is left out so that only those documents are accepted.
type KnownOperations = {
  [Document in keyof AdminOperations as string extends Document ? never : Document]: AdminOperations[Document];
};
export type AdminDocument = keyof KnownOperations & string;
export type AdminResult<Document extends AdminDocument> = KnownOperations[Document]["return"];
export type AdminVariables<Document extends AdminDocument> = KnownOperations[Document]["variables"];

/** Sends a document from app/shopify/graphql; its result and variables types are the generated ones. */
export async function adminQuery<Document extends AdminDocument>(
  admin: AdminGraphqlClient,
  document: Document,
  ...[variables]: Record<string, never> extends AdminVariables<Document>
    ? [variables?: AdminVariables<Document>]
    : [variables: AdminVariables<Document>]
): Promise<AdminResult<Document>> {
  type Data = AdminResult<Document>;
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

/** A mutation's payload: nullable in the schema, but null only with errors, which adminQuery throws. */
export function mutationPayload<Data, Field extends keyof Data & string>(
  data: Data,
  field: Field,
): NonNullable<Data[Field]> {
  const payload = data[field];
  if (payload == null) throw new AdminApiError(`Admin API returned no ${field} payload`);
  return payload;
}

/** The Admin client of an installed shop, from its stored offline session (for background jobs). */
export async function adminClientForShop(shop: string): Promise<AdminGraphqlClient> {
  const { admin } = await unauthenticated.admin(shop);
  return admin;
}
