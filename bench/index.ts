import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Runs every `bench/*.bench.ts` in turn (or those whose name contains an argument). Each exports a
 * default async function that prints its own figures, as ratios against a baseline it measures in the
 * same run.
 */
const filters = process.argv.slice(2);
const here = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

for (const file of files) {
  process.stdout.write(`\n## ${file.replace(".bench.ts", "")}\n`);
  const bench = (await import(`./${file}`)) as { default: () => Promise<void> };
  await bench.default();
}
