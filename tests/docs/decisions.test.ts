// The decision records stay findable: every note follows the template's header (numbered title,
// Date, Status), numbers have no gaps, and the index in docs/decisions/README.md lists each one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIR = path.resolve(import.meta.dirname, "../../docs/decisions");
const notes = readdirSync(DIR)
  .filter((name) => /^\d{3}-.+\.md$/.test(name))
  .sort();
const index = readFileSync(path.join(DIR, "README.md"), "utf8");

describe("decision records", () => {
  it.each(notes)("%s has a numbered title, a Date and a Status", (name) => {
    const [title, , date, status] = readFileSync(path.join(DIR, name), "utf8").split("\n");
    expect(title).toMatch(new RegExp(`^# ${name.slice(0, 3)} — \\S`));
    expect(date).toMatch(/^Date: \d{4}-\d{2}-\d{2}$/);
    expect(status).toMatch(/^Status: (proposed|accepted|superseded)/);
  });

  it("are numbered without gaps", () => {
    expect(notes.map((name) => Number(name.slice(0, 3)))).toEqual(notes.map((_, i) => i + 1));
  });

  it.each(notes)("%s is listed in the index with its status", (name) => {
    const status = readFileSync(path.join(DIR, name), "utf8").split("\n")[3].slice("Status: ".length);
    const row = index.split("\n").find((line) => line.startsWith(`| [${name.slice(0, 3)}](${name})`));
    expect(row, `docs/decisions/README.md has no row for ${name}`).toBeDefined();
    expect(row).toContain(`| ${status.split(/[;.(]/)[0].trim()}`);
  });
});
