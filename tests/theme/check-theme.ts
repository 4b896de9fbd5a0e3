// `npm run check:theme`: Shopify's Theme Check over the theme app extension, with the extension's
// own .theme-check.yml (extends theme-check:theme-app-extension). Any offence, of any severity,
// fails: warnings left alone become the next merchant's broken storefront.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { themeCheckRun, type Offense } from "@shopify/theme-check-node";

export const EXTENSION_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../extensions/pairwise-theme",
);

export async function checkTheme(root = EXTENSION_ROOT): Promise<Offense[]> {
  // Theme Check logs progress through the callback; the offences are what matters.
  const { offenses } = await themeCheckRun(root, path.join(root, ".theme-check.yml"), () => {});
  return offenses;
}

export function describeOffense(offense: Offense, root = EXTENSION_ROOT): string {
  const file = path.relative(root, fileURLToPath(offense.uri));
  return `${file}:${offense.start.line + 1}:${offense.start.character + 1} ${offense.check} (severity ${offense.severity}): ${offense.message}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const offenses = await checkTheme();
  for (const offense of offenses) console.error(describeOffense(offense));
  console.log(offenses.length === 0 ? "Theme Check: no offences." : `Theme Check: ${offenses.length} offence(s).`);
  process.exit(offenses.length === 0 ? 0 : 1);
}
