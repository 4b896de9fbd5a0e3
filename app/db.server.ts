// The one Prisma client. Prisma's WASM query compiler talks to Postgres through the pg driver adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { createPgPool } from "./db/sql-pool.server";
import { env } from "./env.server";

declare global {
  // Kept across Vite dev-server reloads so a reload does not open a new pool each time.
  var __pairwisePrisma: PrismaClient | undefined;
}

export function createPrismaClient(connectionString: string): PrismaClient {
  // Our own pool (createPgPool): a connection lost mid-transaction must not end the process.
  const pool = createPgPool({ connectionString }, { giveBackLostClients: true });
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

function getPrisma(): PrismaClient {
  globalThis.__pairwisePrisma ??= createPrismaClient(env().DATABASE_URL);
  return globalThis.__pairwisePrisma;
}

// A lazy proxy: importing this module never connects, and env is validated on first use.
const prisma = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export default prisma;
