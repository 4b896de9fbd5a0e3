// Before each test file: the test environment, and a database of the file's own cloned from the
// migrated template (isolated from other files and workers; dropped afterwards).
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase } from "../../app/dev/local-postgres.server";
import { testEnv } from "./test-env";

Object.assign(process.env, testEnv);

const adminUrl = inject("postgresAdminUrl");
const database = `pairwise_test_${randomBytes(6).toString("hex")}`;
await createDatabase(adminUrl, database, inject("templateDatabase"));
const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  await globalThis.__pairwisePrisma?.$disconnect();
  globalThis.__pairwisePrisma = undefined;
  await dropDatabase(adminUrl, database);
});
