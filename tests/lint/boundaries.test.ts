// The import boundaries in eslint.config.js bite: a planted wrong-way import fails with the rule of
// the boundary it crosses, and the imports the layout allows pass. Code is linted in memory at a
// made-up path inside app/, so nothing is written.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const eslint = new ESLint({ cwd: root });

/** The boundary rules that fail `code` placed at `file` (relative to the repository); other rules are not asked. */
async function boundariesCrossed(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId?.startsWith("boundaries/")).map((m) => m.ruleId!);
}

describe("import boundaries", () => {
  it.each([
    [
      "a pure engine module importing the database client",
      "app/offers/engine/planted.ts",
      'import prisma from "../../db.server";',
      "boundaries/pure-modules",
    ],
    [
      "a pure recommender module reading files",
      "app/recommender/core/planted.ts",
      'import { readFile } from "node:fs/promises";',
      "boundaries/pure-modules",
    ],
    [
      "server code importing a component",
      "app/rules/planted.server.ts",
      'import { RuleForm } from "../components/rules/RuleForm";',
      "boundaries/server-no-ui",
    ],
    [
      "app code importing test support",
      "app/dev/planted.ts",
      'import { uniqueShop } from "../../tests/support/shops";',
      "boundaries/no-test-code",
    ],
    [
      "production code importing the demo's stand-ins",
      "app/offers/serving/planted.server.ts",
      'import { startShopifyMocks } from "../../dev/shopify-stand-in";',
      "boundaries/no-demo-code",
    ],
    [
      "a route importing the database client",
      "app/routes/planted.tsx",
      'import prisma from "../db.server";',
      "boundaries/routes-no-db",
    ],
  ])("fails %s", async (_case, file, importLine, rule) => {
    expect(await boundariesCrossed(file, `${importLine}\n`)).toEqual([rule]);
  });

  it("passes the imports the layout allows", async () => {
    const allowed: Array<[string, string]> = [
      [
        "app/offers/engine/planted.ts",
        'import { catalogNeighbours } from "../../recommender/core/cold-start";\nimport { parseRule } from "../../rules/rule-schema";\n',
      ],
      ["app/routes/planted.tsx", 'import { listOutbox } from "../email/email-outbox.server";\n'],
      ["app/cli/planted.ts", 'import { startDemoStack } from "../dev/demo-stack.server";\n'],
      ["app/shops/planted.server.test.ts", 'import { uniqueShop } from "../../tests/support/shops";\n'],
    ];
    for (const [file, code] of allowed) expect(await boundariesCrossed(file, code), file).toEqual([]);
  });
});
