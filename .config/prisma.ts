// Prisma CLI configuration. The JavaScript schema engine with the pg driver adapter needs no native
// engine download, so `prisma generate` works on machines that cannot reach Prisma's binary host.
// (c12 finds this file as `.config/prisma.ts`; paths are relative to this folder.)
import "dotenv/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// `generate` and `validate` never connect, but reading the schema needs `env("DATABASE_URL")` to
// resolve; without it the CLI falls back to downloading a native engine. A fresh clone has no URL yet.
process.env.DATABASE_URL ??= "postgresql://localhost:5432/pairwise";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../prisma/schema.prisma",
  migrations: { path: "../prisma/migrations" },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
