// One-click unsubscribe from the post-purchase emails (RFC 8058, decision 008), by a token signed with
// the app secret (app/email/unsubscribe-token): GET shows a confirmation page (link scanners change
// nothing), POST unsubscribes (the page's button or the mail client's `List-Unsubscribe=One-Click`).
// A token that does not verify gets 400 and changes nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fill, stringsFor } from "../email/strings";
import { verifyUnsubscribeToken, type UnsubscribeSubject } from "../email/unsubscribe-token.server";
import { suppressCustomer } from "../email/email-suppression.server";
import { shopNameAndLocale } from "../shops/shop.server";

const HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
  // The token is in the URL: never pass it on to another site.
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(language: string, title: string, body: string, status: number): Response {
  const html = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;background:#f4f4f5;color:#1f2328;margin:0;padding:48px 16px}
main{max-width:480px;margin:0 auto;background:#fff;border-radius:8px;padding:32px}h1{font-size:22px;margin:0 0 16px}
button{background:#1f2328;color:#fff;border:0;border-radius:6px;padding:12px 20px;font-size:15px;font-weight:600;cursor:pointer}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: HEADERS });
}

async function subjectOf(
  request: Request,
  form?: FormData,
): Promise<{ subject: UnsubscribeSubject | null; locale: string; shopName: string }> {
  const token = new URL(request.url).searchParams.get("token") ?? (form?.get("token") as string | null) ?? "";
  const subject = verifyUnsubscribeToken(token);
  if (!subject) return { subject: null, locale: "en", shopName: "" };
  const shop = await shopNameAndLocale(subject.shop);
  return {
    subject,
    locale: shop?.primaryLocale ?? "en",
    shopName: shop?.name ?? subject.shop.replace(/\.myshopify\.com$/, ""),
  };
}

function invalid(locale: string): Response {
  const { language, strings } = stringsFor(locale);
  return page(language, strings.unsubscribePage.title, `<p>${escapeHtml(strings.unsubscribePage.invalid)}</p>`, 400);
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { subject, locale, shopName } = await subjectOf(request);
  if (!subject) return invalid(locale);
  const { language, strings } = stringsFor(locale);
  const action = escapeHtml(new URL(request.url).search);
  return page(
    language,
    strings.unsubscribePage.title,
    `<p>${escapeHtml(fill(strings.unsubscribePage.question, { shop: shopName }))}</p>
<form method="post" action="${action}"><button type="submit">${escapeHtml(strings.unsubscribePage.confirm)}</button></form>`,
    200,
  );
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "GET, POST" } });
  const form = await request.formData().catch(() => undefined);
  const { subject, locale, shopName } = await subjectOf(request, form);
  if (!subject) return invalid(locale);
  await suppressCustomer(subject.shop, subject.customerId);
  const { language, strings } = stringsFor(locale);
  return page(
    language,
    strings.unsubscribePage.title,
    `<p>${escapeHtml(fill(strings.unsubscribePage.done, { shop: shopName }))}</p>`,
    200,
  );
};
