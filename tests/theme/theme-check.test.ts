// `npm test` runs the same Theme Check as `npm run check:theme`: any offence fails.
import { describe, expect, it } from "vitest";
import { checkTheme, describeOffense } from "./check-theme";

describe("theme app extension", () => {
  it("passes Theme Check (theme-app-extension config) with no offence", async () => {
    const offenses = await checkTheme();
    expect(offenses.map((offense) => describeOffense(offense))).toEqual([]);
  }, 60_000);
});
