// Once per test run: a real Postgres (DATABASE_URL's server, or a throwaway local one) and a
// migrated template database that each test file clones into a database of its own.
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, postgresServerForRun } from "../../app/dev/local-postgres.server";
import { migrate } from "../../app/db/migrate.server";
import { ensureProductionBuild } from "./production-build";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  ensureProductionBuild();
  const templateDatabase = `pairwise_template_${process.pid}`;
  const { adminUrl, stop: stopServer } = await postgresServerForRun("test");

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
  };
}
