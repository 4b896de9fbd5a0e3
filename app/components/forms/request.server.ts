// What admin actions read: a JSON body (the forms submit their typed state as JSON) or, for plain
// form posts, the form fields (repeated names become lists).
export async function readPayload(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.includes("application/json")) {
    const body: unknown = await request.json().catch(() => null);
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }
  const form = await request.formData();
  const payload: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((value): value is string => typeof value === "string");
    payload[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
  }
  return payload;
}

/** A 404 for loaders: the page's error boundary says "Not found". */
export function notFound(message = "Not found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}
