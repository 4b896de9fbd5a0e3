// Shopify session storage: the library's Prisma storage, except that loading a session (on every
// request the library authenticates) is one prepared statement on the plain `pg` pool (decision 011).
// The rest stays the library's, and rows become Sessions through its own mapping, so both paths give
// the same Session (session-storage.server.test.ts).
import type { PrismaClient } from "@prisma/client";
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { storefrontSqlPool } from "../db/sql-pool.server";
import { defineStatement, sql } from "../db/statements.server";

/** The columns of prisma/schema.prisma's Session model, as Prisma returns them (timestamps as UTC Dates). */
interface SessionRow {
  id: string;
  shop: string;
  state: string;
  isOnline: boolean;
  scope: string | null;
  expires: Date | null;
  accessToken: string;
  userId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  accountOwner: boolean;
  locale: string | null;
  collaborator: boolean | null;
  emailVerified: boolean | null;
  refreshToken: string | null;
  refreshTokenExpires: Date | null;
}

type LoadedRow = Omit<SessionRow, "expires" | "refreshTokenExpires"> & {
  expiresMs: number | null;
  refreshTokenExpiresMs: number | null;
};

// timestamp(3) columns hold UTC (Prisma's convention); read them as epoch milliseconds.
const LOAD_SESSION = defineStatement<LoadedRow>(
  "pairwise-load-session",
  `SELECT "id", "shop", "state", "isOnline", "scope", round(extract(epoch FROM "expires") * 1000)::float8 AS "expiresMs",
  "accessToken", "userId"::text AS "userId", "firstName", "lastName", "email", "accountOwner", "locale", "collaborator", "emailVerified",
  "refreshToken", round(extract(epoch FROM "refreshTokenExpires") * 1000)::float8 AS "refreshTokenExpiresMs"
  FROM "Session" WHERE "id" = $1`,
  {
    columns: [
      "id",
      "shop",
      "state",
      "isOnline",
      "scope",
      "expiresMs",
      "accessToken",
      "userId",
      "firstName",
      "lastName",
      "email",
      "accountOwner",
      "locale",
      "collaborator",
      "emailVerified",
      "refreshToken",
      "refreshTokenExpiresMs",
    ],
    prepare: true,
  },
);

export class SessionStorage extends PrismaSessionStorage<PrismaClient> {
  override async loadSession(id: string): Promise<Session | undefined> {
    const [loaded] = await sql.query(storefrontSqlPool(), LOAD_SESSION, [id]);
    if (!loaded) return undefined;
    const { expiresMs, refreshTokenExpiresMs, ...rest } = loaded;
    const row: SessionRow = {
      ...rest,
      expires: expiresMs === null ? null : new Date(expiresMs),
      refreshTokenExpires: refreshTokenExpiresMs === null ? null : new Date(refreshTokenExpiresMs),
    };
    // The library's row-to-Session mapping (private in its types; pinned version, checked by the test).
    return (this as unknown as { rowToSession(row: SessionRow): Session }).rowToSession(row);
  }
}
