import { describe, expect, it } from "vitest";
import { parseSettingsForm, type SettingsValues } from "./settings-schema";

const valid: SettingsValues = {
  maxOffersPerSurface: "3",
  upgradePriceCeiling: "50",
  relevanceThreshold: "0.05",
  frequencyCapHours: "24",
  holdoutShare: "10",
  similarity: "default",
  halfLifeDays: "",
  minSupport: "2",
  widgetTexts: { productHeading: " Goes well with ", cartHeading: "", upgradeHeading: "", addButton: "" },
};

describe("the settings form schema", () => {
  it("stores percentages as shares, an empty half-life as none, and only the texts that were set", () => {
    const result = parseSettingsForm(valid);
    expect(result).toEqual({
      success: true,
      data: {
        maxOffersPerSurface: 3,
        upgradePriceCeiling: 0.5,
        relevanceThreshold: 0.05,
        frequencyCapHours: 24,
        holdoutShare: 0.1,
        similarity: "default",
        halfLifeDays: null,
        minSupport: 2,
        widgetTexts: { productHeading: "Goes well with" },
      },
    });
  });

  it.each([
    ["maxOffersPerSurface", "0", "Enter 1 or more"],
    ["maxOffersPerSurface", "2.5", "Enter a whole number"],
    ["upgradePriceCeiling", "", "Enter a number"],
    ["relevanceThreshold", "1.5", "At most 1"],
    ["holdoutShare", "80", "At most 50"],
    ["halfLifeDays", "0", "Enter 1 or more"],
    ["similarity", "magic", "Choose a similarity measure"],
  ] as const)("rejects %s = %j with “%s”", (field, value, message) => {
    const result = parseSettingsForm({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.errors[field]).toBe(message);
  });

  it("names the widget text that is too long", () => {
    const result = parseSettingsForm({ ...valid, widgetTexts: { ...valid.widgetTexts, addButton: "x".repeat(81) } });
    expect(result.success ? {} : result.errors).toEqual({ "widgetTexts.addButton": "Keep it under 80 characters" });
  });
});
