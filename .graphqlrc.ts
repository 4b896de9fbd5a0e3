// Admin GraphQL codegen (`npm run graphql-codegen`) and the editors' GraphQL config. The same output
// files and plugin settings as @shopify/api-codegen-preset's shopifyApiProject, but reading the
// committed schema instead of downloading it (decision 019). Keep the version in step with shopify.app.toml.
import type { CodegenConfig } from "@graphql-codegen/cli";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";

export const ADMIN_API_VERSION = "2026-10";
export const ADMIN_TYPES_DIR = "app/shopify/graphql/types";

const schema = `app/shopify/graphql/schema/admin-${ADMIN_API_VERSION}.graphql`;
const documents = ["app/shopify/graphql/*.ts"];

export const adminCodegen = {
  schema,
  documents,
  // Shopify's matcher for `#graphql` strings: graphql-tag-pluck options that codegen's type leaves out.
  pluckConfig: pluckConfig as CodegenConfig["pluckConfig"],
  generates: {
    [`${ADMIN_TYPES_DIR}/admin.types.d.ts`]: {
      plugins: ["typescript"],
      config: {
        defaultScalarType: "string",
        scalars: { JSON: "unknown" },
        // Ours: enums as string unions (a .d.ts has no values), selected nullable fields as `T | null`
        // (never missing), and no descriptions (a third of the size; the schema file has them).
        enumsAsTypes: true,
        avoidOptionals: { field: true },
        disableDescriptions: true,
      },
    },
    [`${ADMIN_TYPES_DIR}/admin.generated.d.ts`]: {
      preset,
      presetConfig: { apiType: ApiType.Admin },
      config: { avoidOptionals: { field: true } },
    },
  },
} satisfies CodegenConfig;

export default { schema, documents, extensions: { codegen: { pluckConfig, generates: adminCodegen.generates } } };
