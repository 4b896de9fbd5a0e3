// The local stand-in for Shopify's Admin API (MSW request handlers): the GraphQL endpoint, answered
// from a catalog (the demo catalog by default), and the OAuth token endpoint (token exchange and
// expiring-token refresh). Every request is recorded so tests can assert what the app sent.
import { http, HttpResponse, type RequestHandler } from "msw";
import {
  DEMO_ACCESS_TOKEN,
  DEMO_COLLECTIONS,
  DEMO_PRODUCTS,
  DEMO_SCOPES,
  DEMO_SHOP,
  DEMO_SHOP_NAME,
  demoOrders,
  type DemoOrder,
} from "../demo-catalog";
import { createBulkOperationsStandIn } from "./bulk-operations";
import { createCustomersAndDiscountsStandIn, type MockCustomer } from "./customers-and-discounts";
import {
  answerAdminGraphql,
  operationNameOf,
  type GraphqlRequestBody,
  type MockCatalog,
  type MockShopProfile,
} from "./admin-graphql";

export type { MockCatalog, MockShopProfile } from "./admin-graphql";

export interface AdminApiRequestRecord {
  at: Date;
  method: string;
  url: string;
  shop: string;
  endpoint: "graphql" | "access_token";
  /** GraphQL only: the API version in the path, the operation and its variables. */
  apiVersion?: string;
  operationName?: string | null;
  variables?: unknown;
  /** The X-Shopify-Access-Token header as sent (null when missing). */
  accessToken: string | null;
  /** Parsed request body; `client_secret` is masked. */
  body: unknown;
  status: number;
}

/** Every request the handlers answered, oldest first; clear it between tests. */
export const adminApiRequests: AdminApiRequestRecord[] = [];

export function clearAdminApiRequests(): void {
  adminApiRequests.length = 0;
}

export interface ShopifyAdminMockOptions {
  catalog?: MockCatalog;
  /** Shop details ShopInfo reports; the name defaults to the demo shop's. */
  shop?: Partial<MockShopProfile>;
  /** Access tokens accepted for any shop, besides those the token endpoint issues (default: the demo token). */
  accessTokens?: readonly string[];
  /** Scopes granted by the token endpoint (default: the demo shop's). */
  scopes?: string;
  /** When set, the token endpoint rejects other client credentials. */
  apiKey?: string;
  apiSecret?: string;
  /** Where requests are recorded; the shared `adminApiRequests` by default. */
  log?: AdminApiRequestRecord[];
  /** Order history that bulk operations export (default: the demo shop's generated orders). */
  ordersFor?: (shop: string) => readonly DemoOrder[];
  /**
   * Customers nobody registered with setMockCustomer (default: the demo shop's customers exist,
   * subscribed to email marketing, at customer-{id}@example.com; other shops' are unknown).
   */
  defaultCustomer?: (shop: string, id: bigint) => MockCustomer | null;
}

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
// Lifetimes Shopify documents: online tokens last a day, expiring offline tokens an hour, their
// refresh tokens 90 days.
const ONLINE_EXPIRES_IN = 86_399;
const EXPIRING_OFFLINE_EXPIRES_IN = 3_600;
const REFRESH_TOKEN_EXPIRES_IN = 7_776_000;
const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

/** Only shop domains are answered; anything else falls through to the next handler (or is unhandled). */
function isShopDomain(host: string): boolean {
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(host);
}

async function readBody(request: Request): Promise<Record<string, unknown> | null> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function maskSecret(body: Record<string, unknown> | null): unknown {
  return body && "client_secret" in body ? { ...body, client_secret: "[masked]" } : body;
}

/** The `sub` claim of a JWT, read without verification (the app verified it before exchanging it). */
function jwtSubject(token: string): string | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null && "sub" in claims && typeof claims.sub === "string"
      ? claims.sub
      : null;
  } catch {
    return null;
  }
}

const oauthError = (error: string, description: string, status = 400) =>
  HttpResponse.json({ error, error_description: description }, { status });

export function shopifyAdminHandlers(options: ShopifyAdminMockOptions = {}): RequestHandler[] {
  const catalog: MockCatalog = options.catalog ?? { products: DEMO_PRODUCTS, collections: DEMO_COLLECTIONS };
  let demoHistory: readonly DemoOrder[] | undefined;
  const bulk = createBulkOperationsStandIn(
    options.ordersFor ?? ((shop) => (shop === DEMO_SHOP ? (demoHistory ??= demoOrders({ count: 500 })) : [])),
  );
  const customersAndDiscounts = createCustomersAndDiscountsStandIn({
    defaultCustomer:
      options.defaultCustomer ??
      ((shop, id) =>
        shop === DEMO_SHOP ? { id, email: `customer-${id}@example.com`, marketingState: "SUBSCRIBED" } : null),
  });
  const scopes = options.scopes ?? DEMO_SCOPES;
  const log = options.log ?? adminApiRequests;
  const staticTokens = new Set(options.accessTokens ?? [DEMO_ACCESS_TOKEN]);
  // Tokens this instance issued, each valid for its own shop only.
  const issuedTokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  let issued = 0;
  const issue = (prefix: string, shop: string, into: Map<string, string>) => {
    const token = `${prefix}_mock${String(++issued).padStart(6, "0")}`;
    into.set(token, shop);
    return token;
  };
  const profileFor = (shop: string): MockShopProfile => ({
    name: options.shop?.name ?? (shop === DEMO_SHOP ? DEMO_SHOP_NAME : shop.replace(/\.myshopify\.com$/, "")),
    currencyCode: options.shop?.currencyCode ?? "USD",
    moneyFormat: options.shop?.moneyFormat ?? "${{amount}}",
    ianaTimezone: options.shop?.ianaTimezone ?? "America/New_York",
    primaryLocale: options.shop?.primaryLocale ?? "en",
  });

  const graphql = http.post<{ shop: string; version: string }>(
    "https://:shop/admin/api/:version/graphql.json",
    async ({ request, params }) => {
      if (!isShopDomain(params.shop)) return undefined;
      const accessToken = request.headers.get("x-shopify-access-token");
      const body = await readBody(request);
      const record = (status: number) =>
        log.push({
          at: new Date(),
          method: request.method,
          url: request.url,
          shop: params.shop,
          endpoint: "graphql",
          apiVersion: params.version,
          operationName: body ? operationNameOf(body) : null,
          variables: body?.variables,
          accessToken,
          body,
          status,
        });

      const tokenValid =
        accessToken !== null && (staticTokens.has(accessToken) || issuedTokens.get(accessToken) === params.shop);
      if (!tokenValid) {
        record(401);
        return HttpResponse.json(INVALID_TOKEN_BODY, { status: 401 });
      }
      if (!body || typeof body.query !== "string") {
        record(400);
        return HttpResponse.json({ errors: { query: "Required parameter missing or invalid" } }, { status: 400 });
      }
      record(200);
      const result = answerAdminGraphql(body as GraphqlRequestBody, params.shop, {
        catalog,
        bulk,
        customersAndDiscounts,
        profile: profileFor(params.shop),
      });
      return HttpResponse.json(result);
    },
  );

  const accessToken = http.post<{ shop: string }>(
    "https://:shop/admin/oauth/access_token",
    async ({ request, params }) => {
      if (!isShopDomain(params.shop)) return undefined;
      const body = await readBody(request);
      const respond = (response: Response) => {
        log.push({
          at: new Date(),
          method: request.method,
          url: request.url,
          shop: params.shop,
          endpoint: "access_token",
          accessToken: request.headers.get("x-shopify-access-token"),
          body: maskSecret(body),
          status: response.status,
        });
        return response;
      };

      if (!body) return respond(oauthError("invalid_request", "The request body is missing or malformed."));
      if (
        (options.apiKey !== undefined && body.client_id !== options.apiKey) ||
        (options.apiSecret !== undefined && body.client_secret !== options.apiSecret)
      ) {
        return respond(oauthError("invalid_client", "Client authentication failed.", 401));
      }

      const offlineTokenResponse = (expiring: boolean) => {
        const token = issue("shpat", params.shop, issuedTokens);
        if (!expiring) return { access_token: token, scope: scopes };
        return {
          access_token: token,
          scope: scopes,
          expires_in: EXPIRING_OFFLINE_EXPIRES_IN,
          refresh_token: issue("shprt", params.shop, refreshTokens),
          refresh_token_expires_in: REFRESH_TOKEN_EXPIRES_IN,
        };
      };

      if (body.grant_type === "refresh_token") {
        const refreshToken = typeof body.refresh_token === "string" ? body.refresh_token : "";
        if (refreshTokens.get(refreshToken) !== params.shop) {
          return respond(oauthError("invalid_grant", "The refresh token is invalid or expired."));
        }
        refreshTokens.delete(refreshToken); // refresh tokens are single-use
        return respond(HttpResponse.json(offlineTokenResponse(true)));
      }
      if (body.grant_type !== TOKEN_EXCHANGE_GRANT) {
        return respond(oauthError("unsupported_grant_type", `Unsupported grant_type: ${String(body.grant_type)}`));
      }
      const subjectToken = typeof body.subject_token === "string" ? body.subject_token : "";
      if (body.subject_token_type !== ID_TOKEN_TYPE || subjectToken.split(".").length !== 3) {
        return respond(oauthError("invalid_subject_token", "The subject token is missing or is not a session token."));
      }
      if (body.requested_token_type === OFFLINE_TOKEN_TYPE) {
        return respond(HttpResponse.json(offlineTokenResponse(body.expiring === "1" || body.expiring === 1)));
      }
      if (body.requested_token_type === ONLINE_TOKEN_TYPE) {
        // The session token's `sub` is the staff member's id; the app keys online sessions by it.
        const subject = jwtSubject(subjectToken);
        const userId = subject && /^\d+$/.test(subject) ? Number(subject) : 902541635;
        return respond(
          HttpResponse.json({
            access_token: issue("shpua", params.shop, issuedTokens),
            scope: scopes,
            expires_in: ONLINE_EXPIRES_IN,
            associated_user_scope: scopes,
            associated_user: {
              id: userId,
              first_name: "Demo",
              last_name: "Merchant",
              email: "merchant@example.com",
              email_verified: true,
              account_owner: true,
              locale: "en",
              collaborator: false,
            },
          }),
        );
      }
      return respond(
        oauthError("invalid_request", `Unsupported requested_token_type: ${String(body.requested_token_type)}`),
      );
    },
  );

  return [graphql, accessToken, bulk.download];
}
