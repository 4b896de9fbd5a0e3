import { PassThrough } from "node:stream";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isBodyTooLargeError } from "./server/body-limit.server";
import { addDocumentResponseHeaders } from "./shopify.server";

export const streamTimeout = 5000;

// Remix's own logging, except for what is no server error: a client's mistake answered with a 4xx
// (a POST to a page without an action is 405), and a route whose body the HTTP server cut off at
// its size limit (that request has had its 413, app/server/http.server.ts).
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || isBodyTooLargeError(error)) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // A thrown Response's original error, where Remix keeps it (as its default handler logs it).
  const original: unknown = isRouteErrorResponse(error) ? (error as unknown as { error?: unknown }).error : undefined;
  console.error(original ?? error);
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

// The production server answers the storefront's offers requests from node:http, ahead of Express
// and Remix (app/server/http.server.ts, decision 013); it takes the answer from this build so that
// both paths share one set of modules (one database pool, one configuration).
export { answerOffersProxy } from "./offers/storefront/offers-proxy.server";
