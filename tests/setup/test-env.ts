// The app's environment during tests: a fixed test secret that tests sign requests with.
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret-for-signing";
export const TEST_APP_URL = "https://pairwise.test";

export const testEnv: Record<string, string> = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
};
