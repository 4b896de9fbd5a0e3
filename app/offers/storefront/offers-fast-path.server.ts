// The storefront's offers request (GET /proxy/offers, hundreds a second per busy shop) answered
// straight from node:http, ahead of Express and Remix: the same answer as the Remix route
// (app/offers/storefront/offers-proxy.server.ts) without ~1 ms of request and response conversion,
// routing and middleware per request (decision 013). Everything else goes to Express.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import type { PlainAnswer } from "./offers-proxy.server";

const OFFERS_PROXY_PATH = "/proxy/offers";

export type OffersProxyAnswer = (url: URL) => Promise<PlainAnswer>;

/** The answer function of a server build (exported by app/entry.server.tsx), so both paths share its modules. */
export function offersProxyAnswer(build: ServerBuild): OffersProxyAnswer {
  const answer = (build.entry.module as { answerOffersProxy?: OffersProxyAnswer }).answerOffersProxy;
  if (!answer) throw new Error("the server build does not export answerOffersProxy (app/entry.server.tsx)");
  return answer;
}

/** GET /proxy/offers or /proxy/offers?…; any other path, method or shape is Remix's. */
export function isOffersProxyRequest(request: IncomingMessage): boolean {
  const target = request.url ?? "";
  if (request.method !== "GET" || !target.startsWith(OFFERS_PROXY_PATH)) return false;
  return target.length === OFFERS_PROXY_PATH.length || target[OFFERS_PROXY_PATH.length] === "?";
}

export async function sendOffersProxyAnswer(
  answerFunction: () => Promise<OffersProxyAnswer>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const answer = await answerFunction();
    const { status, headers, body } = await answer(new URL(request.url!, "http://localhost"));
    // A known length: one write, no chunked framing.
    response.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) }).end(body);
  } catch (error) {
    // As Remix treats a loader's error: logged, and a 500 that tells the caller nothing more.
    console.error(error);
    if (!response.headersSent)
      response
        .writeHead(500, { "Content-Type": "text/plain", "Cache-Control": "no-store" })
        .end("Unexpected Server Error");
    else response.destroy();
  }
}
