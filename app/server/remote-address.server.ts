// The TCP peer of a request, as the HTTP server saw it, for the few checks that need it (local admin
// mode: loopback callers only). Remix's Request has no socket, so the server passes the address in
// an internal header that it first removes from what the client sent: a client cannot forge it.
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

export const REMOTE_ADDRESS_HEADER = "x-pairwise-remote-address";

/** Replaces whatever the client sent under the internal header with the socket's remote address. */
export function markRemoteAddress(request: IncomingMessage): void {
  delete request.headers[REMOTE_ADDRESS_HEADER];
  const address = request.socket.remoteAddress;
  if (address) request.headers[REMOTE_ADDRESS_HEADER] = address;
}

/** The remote address the HTTP server recorded for a request, if it came through it. */
export function remoteAddressOf(request: Request): string | undefined {
  return request.headers.get(REMOTE_ADDRESS_HEADER) ?? undefined;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** 127.0.0.0/8 and ::1, in any spelling (IPv4-mapped ::ffff:127.0.0.1 included: a dual-stack socket's view). */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  const family = address ? isIP(address) : 0;
  return family !== 0 && LOOPBACK.check(address!, family === 4 ? "ipv4" : "ipv6");
}

/** A listen host that binds to loopback only: a loopback address, or "localhost". */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return bare.toLowerCase() === "localhost" || isLoopbackAddress(bare);
}
