// Once per test run: a real Postgres (DATABASE_URL's server, or a throwaway local one) and a
// migrated template database that each test file clones into a database of its own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, startLocalPostgres } from "../../app/dev/local-postgres.server";
import { migrate } from "../../app/db/migrate.server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const templateDatabase = `pairwise_template_${process.pid}`;
  let adminUrl: string;
  let stopServer = async () => {};
  let dataDir: string | undefined;

  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/postgres";
    adminUrl = url.toString();
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), "pairwise-test-pg-"));
    const server = await startLocalPostgres({ dataDir: path.join(dataDir, "data"), persistent: false });
    adminUrl = server.adminUrl;
    stopServer = server.stop;
  }

  await dropDatabase(adminUrl, templateDatabase);
  await createDatabase(adminUrl, templateDatabase);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDatabase}`;
  await migrate(templateUrl.toString());

  project.provide("postgresAdminUrl", adminUrl);
  project.provide("templateDatabase", templateDatabase);

  return async () => {
    await dropDatabase(adminUrl, templateDatabase).catch(() => {});
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
