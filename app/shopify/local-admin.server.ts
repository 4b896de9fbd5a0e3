// Local admin mode: the demo's stand-in for App Bridge session tokens, so the admin opens in a plain
// browser with no Shopify account (decision 004). Reachable only with PAIRWISE_LOCAL_ADMIN set, NODE_ENV
// not production (at start and per request), a loopback Host, a loopback socket address and a server
// bound to loopback only (decision 017).
import { redirect } from "@remix-run/node";
import { InvalidEnvironmentError, type Env } from "../env.server";
import { isLoopbackAddress, isLoopbackHost, remoteAddressOf } from "../server/remote-address.server";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLocalAdminRequest(request: Request, config: Pick<Env, "PAIRWISE_LOCAL_ADMIN" | "NODE_ENV">): boolean {
  if (!config.PAIRWISE_LOCAL_ADMIN) return false;
  if (config.NODE_ENV === "production" || process.env.NODE_ENV === "production") return false;
  // Both: a loopback Host refuses DNS rebinding, and the socket's address is not the client's to choose.
  return isLoopbackHostHeader(request) && isLoopbackAddress(remoteAddressOf(request));
}

// The Host header exactly as sent: Express reads "localhost:3100@evil.example.com" as localhost, so
// the URL Remix builds from it is not enough.
const LOOPBACK_HOST_HEADER = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

function isLoopbackHostHeader(request: Request): boolean {
  const host = request.headers.get("host");
  return LOOPBACK_HOSTS.has(new URL(request.url).hostname) && (host === null || LOOPBACK_HOST_HEADER.test(host));
}

/** Local admin mode lets any caller in as the local shop: refuse to serve it beyond loopback. */
export function assertLocalAdminBinding(host: string, config: Pick<Env, "PAIRWISE_LOCAL_ADMIN">): void {
  if (!config.PAIRWISE_LOCAL_ADMIN || isLoopbackHost(host)) return;
  throw new InvalidEnvironmentError(
    `Invalid environment:\n  PAIRWISE_LOCAL_ADMIN: needs the server bound to loopback (HOST=127.0.0.1), not ${host}: local admin mode lets every caller in as the local shop`,
  );
}

interface UnauthenticatedAdmin<AdminApi, SessionT> {
  admin: (shop: string) => Promise<{ admin: AdminApi; session: SessionT }>;
}

/**
 * The admin context for the local shop: its stored offline session and an Admin API client
 * (answered by the local stand-in in the demo), shaped like `authenticate.admin`'s result.
 */
export async function authenticateLocalAdmin<AdminApi, SessionT>(
  _request: Request,
  shop: string,
  unauthenticated: UnauthenticatedAdmin<AdminApi, SessionT>,
) {
  const { admin, session } = await unauthenticated.admin(shop);
  return {
    admin,
    session,
    sessionToken: undefined,
    cors: (response: Response) => response,
    redirect: (url: string, init?: ResponseInit) => redirect(url, init),
    billing: undefined,
    scopes: undefined,
  };
}
