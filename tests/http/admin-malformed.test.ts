// Malformed admin requests get a 4xx and change nothing: one case per class that used to give a 500
// (or a reset connection). Local admin mode, as the demo serves the admin: requests from loopback
// are the shop's merchant. The fuzz suite (tests/fuzz/) covers the same ground at random.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { emptyRuleValues, type CrossSellValues } from "../../app/rules/rule-form-schema";
import { settingsToFormValues } from "../../app/settings/settings.server";
import { installAdminShop } from "../support/admin-client";
import { startTestAppServer } from "../support/app-server";
import { MACHINE, MILK_JUG, seedOfferShop, seededRuleId } from "../support/offer-shop";
import { uniqueShop } from "../support/shops";

// Local admin mode for this file's server (read when the app's environment is first checked).
const SHOP = uniqueShop("malformed");
process.env.PAIRWISE_LOCAL_ADMIN = "1";
process.env.PAIRWISE_LOCAL_SHOP = SHOP;

const app = startTestAppServer();
const RULE = seededRuleId(SHOP, "clean");
/** Every admin action: each route module with an `action`. */
const ACTIONS = ["/app/rules?index", "/app/rules/new", `/app/rules/${RULE}`, "/app/recommendations", "/app/settings"];
const localUrl = (path: string) => `${app.url().replace("127.0.0.1", "localhost")}${path}`;

beforeAll(async () => {
  await seedOfferShop(SHOP);
  await installAdminShop(SHOP);
});

async function post(path: string, contentType: string | undefined, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(localUrl(path), {
    method: "POST",
    headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...headers },
    body,
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response.status;
}

/** What an admin action can change for the shop. */
async function shopState(): Promise<string> {
  const [rules, settings, overrides] = await Promise.all([
    prisma.rule.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } }),
    prisma.shopSettings.findUnique({ where: { shop: SHOP } }),
    prisma.pairOverride.findMany({ where: { shop: SHOP } }),
  ]);
  const [{ jobs }] = await prisma.$queryRaw<
    { jobs: number }[]
  >`SELECT count(*)::int AS jobs FROM graphile_worker._private_jobs`;
  return JSON.stringify({ rules, settings, overrides, jobs }, (_key, value: unknown) =>
    typeof value === "bigint" ? String(value) : value,
  );
}

/** Runs the cases and expects each status, and the shop unchanged afterwards. */
async function expectRefusedUnchanged(cases: { label: string; send: () => Promise<number>; status: number }[]) {
  const before = await shopState();
  for (const { label, send, status } of cases) expect(await send(), label).toBe(status);
  expect(await shopState()).toBe(before);
}

const validRule = (): CrossSellValues => ({
  ...(emptyRuleValues("CROSS_SELL") as CrossSellValues),
  name: "Machines get a milk jug",
  trigger: {
    anyProduct: false,
    productIds: [String(MACHINE)],
    collectionIds: [],
    tags: [],
    vendors: [],
    productTypes: [],
  },
  offer: { productIds: [String(MILK_JUG)] },
  surfaces: ["product"],
});

describe("malformed admin requests", () => {
  it("answers 415 to a body that is neither JSON nor a form, on every action", async () => {
    await expectRefusedUnchanged(
      ACTIONS.flatMap((path) =>
        [undefined, "text/plain", "application/xml", "text/json"].map((type) => ({
          label: `${path} ${type ?? "(no Content-Type)"}`,
          send: () => post(path, type, '{"intent":"delete"}'),
          status: 415,
        })),
      ),
    );
  });

  it("answers 400 to a body that does not parse as its type says, on every action", async () => {
    const bodies: [string, string][] = [
      ["multipart/form-data", "intent=delete"], // no boundary
      ["multipart/form-data; boundary=x", "garbage"],
      ["application/json", "{not json"],
      ["application/json", "[1,2]"],
      ["application/json", "[".repeat(200_000)],
    ];
    await expectRefusedUnchanged(
      ACTIONS.flatMap((path) =>
        bodies.map(([type, body]) => ({
          label: `${path} ${type} ${body.slice(0, 20)}`,
          send: () => post(path, type, body),
          status: 400,
        })),
      ),
    );
  });

  it("reads a media type whatever its case and parameters", async () => {
    // Valid otherwise, so the action runs: proof that the body was read as JSON.
    expect(
      await post(
        "/app/rules/new",
        "Application/JSON; charset=UTF-8",
        JSON.stringify({ intent: "save", rule: validRule() }),
      ),
    ).toBe(200);
    expect(await prisma.rule.count({ where: { shop: SHOP, name: "Machines get a milk jug" } })).toBe(1);
  });

  it("answers 400 to text Postgres cannot store (NUL, a lone surrogate), in JSON and in forms", async () => {
    const settings = settingsToFormValues(await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } }));
    const json = (value: unknown) => JSON.stringify(value);
    await expectRefusedUnchanged([
      {
        label: "rule name with NUL",
        send: () =>
          post(
            "/app/rules/new",
            "application/json",
            json({ intent: "save", rule: { ...validRule(), name: "a\u0000b" } }),
          ),
        status: 400,
      },
      {
        label: "rule name, lone surrogate",
        send: () =>
          post(
            `/app/rules/${RULE}`,
            "application/json",
            json({ intent: "save", rule: { ...validRule(), name: "\ud800" } }),
          ),
        status: 400,
      },
      {
        label: "bulk ids, lone surrogate",
        send: () => post("/app/rules?index", "application/json", json({ intent: "enable", ids: ["\udfff"] })),
        status: 400,
      },
      {
        label: "bulk ids with NUL",
        send: () => post("/app/rules?index", "application/x-www-form-urlencoded", "intent=enable&ids=%00"),
        status: 400,
      },
      {
        label: "widget text, lone surrogate",
        send: () =>
          post(
            "/app/settings",
            "application/json",
            json({
              intent: "save",
              settings: { ...settings, widgetTexts: { ...settings.widgetTexts, productHeading: "\ud800" } },
            }),
          ),
        status: 400,
      },
    ]);
  });

  it("answers 403 to Remix's cross-site check (an Origin of another host, a malformed or opaque one), documents and data requests alike", async () => {
    const cases = ACTIONS.flatMap((path) =>
      ["http://evil.example", "not a url", "null"].flatMap((origin) =>
        [path, path.replace(/(\?|$)/, ".data$1")].map((target) => ({
          label: `${target} Origin: ${origin}`,
          send: () => post(target, "application/json", JSON.stringify({ intent: "delete" }), { Origin: origin }),
          status: 403,
        })),
      ),
    );
    await expectRefusedUnchanged(cases);
    // The app's own origin passes the check.
    const sameOrigin = new URL(localUrl("/")).origin;
    expect(
      await post("/app/settings", "application/json", JSON.stringify({ intent: "nothing" }), { Origin: sameOrigin }),
    ).toBe(400);
  });

  it("answers 400 to a URL with a NUL character, which loaders would pass to Postgres", async () => {
    for (const path of [
      "/app/catalog-search?q=%00",
      "/app/emails?cursor=%00",
      "/app/rules/%00",
      "/app/rules?query=a%00b",
    ]) {
      const response = await fetch(localUrl(path), { redirect: "manual" });
      expect(response.status, path).toBe(400);
    }
  });

  it("closes the connection after answering a request whose body it did not read, so the next request does not meet a reset", async () => {
    // /app has no action: 405 before the body is read. A client reusing that connection got ECONNRESET.
    const body = JSON.stringify({ padding: "x".repeat(300_000) });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await post("/app", "application/json", body));
    expect(statuses).toEqual(Array(12).fill(405));
  });
});
