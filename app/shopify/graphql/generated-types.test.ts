// The committed Admin GraphQL types are what codegen makes from these documents and the committed
// schema, and every document is typed: a document edited without `npm run graphql-codegen` fails here.
import { readFileSync } from "node:fs";
import { generate } from "@graphql-codegen/cli";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { ADMIN_TYPES_DIR, adminCodegen } from "../../../.graphqlrc";
import * as bulkOrders from "./bulk-orders";
import * as catalog from "./catalog";
import * as customers from "./customers";
import * as discounts from "./discounts";
import * as orders from "./orders";

const documents = [bulkOrders, catalog, customers, discounts, orders].flatMap((module) =>
  Object.values(module).filter((value): value is string => typeof value === "string" && value.startsWith("#graphql")),
);
const committedOperations = readFileSync(`${ADMIN_TYPES_DIR}/admin.generated.d.ts`, "utf8");

describe("generated Admin GraphQL types", () => {
  it("type every #graphql document, each one named operation", () => {
    expect(documents.length).toBeGreaterThanOrEqual(8);
    for (const document of documents) {
      const definitions = parse(document).definitions;
      expect(definitions, document).toHaveLength(1);
      expect(definitions[0]).toMatchObject({ kind: "OperationDefinition", name: { value: expect.any(String) } });
      expect(committedOperations.includes(JSON.stringify(document)), `no generated type for:\n${document}`).toBe(true);
    }
  });

  it("are what codegen makes now from the documents and the schema", async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...adminCodegen, silent: true },
      false,
    );
    expect(outputs.map((output) => output.filename).sort()).toEqual([
      `${ADMIN_TYPES_DIR}/admin.generated.d.ts`,
      `${ADMIN_TYPES_DIR}/admin.types.d.ts`,
    ]);
    for (const { filename, content } of outputs) {
      expect(content === readFileSync(filename, "utf8"), `${filename} is stale: run npm run graphql-codegen`).toBe(
        true,
      );
    }
  });
});
