// `npm run db:migrate`: apply prisma/migrations (and the job queue's schema) to DATABASE_URL.
import "dotenv/config";
import { migrate } from "../db/migrate.server";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (npm run demo starts a local Postgres and sets it for you).");
  process.exit(2);
}
const applied = await migrate(url);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
