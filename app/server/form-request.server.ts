// What admin actions read: a JSON body (the forms submit their typed state as JSON) or, for plain
// form posts, the form fields (repeated names become lists). Anything else is the caller's mistake,
// answered here for every action: 415 for another content type, 400 for a body that does not parse
// or whose text Postgres cannot store (a NUL character, a lone UTF-16 surrogate).

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** A thrown 4xx: Remix answers it with this status, before the action has written anything. */
function refuse(status: 400 | 415, message: string): never {
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The media type without parameters, lower-cased (media types are case-insensitive). */
function mediaType(header: string | null): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * For a library that reads `request.formData()` itself (Shopify's `login()`): refuses (415/400)
 * what it would throw on, so a junk body is the caller's 4xx, not our 500.
 */
export async function assertFormBody(request: Request): Promise<void> {
  if (!FORM_TYPES.has(mediaType(request.headers.get("Content-Type"))))
    refuse(415, "Unsupported content type: send a form");
  try {
    await request.clone().formData();
  } catch {
    refuse(400, "Invalid request: the form does not parse");
  }
}

export async function readPayload(request: Request): Promise<Record<string, unknown>> {
  const type = mediaType(request.headers.get("Content-Type"));
  let payload: Record<string, unknown>;
  if (type === "application/json") {
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      refuse(400, "Invalid request: the body is not JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body))
      refuse(400, "Invalid request: the body must be a JSON object");
    payload = body as Record<string, unknown>;
  } else if (FORM_TYPES.has(type)) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      refuse(400, "Invalid request: the form data does not parse");
    }
    payload = {};
    for (const key of new Set(form.keys())) {
      const values = form.getAll(key).filter((value): value is string => typeof value === "string");
      payload[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
    }
  } else {
    refuse(415, "Unsupported content type: send application/json or a form");
  }
  if (!storableText(payload)) refuse(400, "Invalid request: text must be well-formed Unicode without NUL characters");
  return payload;
}

// NUL, or a surrogate that is not half of a pair (with the u flag, a pair is one code point).
const UNSTORABLE = /[\0\p{Cs}]/u;
const storable = (text: string) => !UNSTORABLE.test(text);

/** Whether every string and key in a parsed body is storable. Iterative: a body may nest deeply. */
function storableText(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (!storable(value)) return false;
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (!storable(key)) return false;
        pending.push(item);
      }
    }
  }
  return true;
}

/** A 404 for loaders: the page's error boundary says "Not found". */
export function notFound(message = "Not found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}
