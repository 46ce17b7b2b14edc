import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultSettings } from "../src/common/settings/load.js";
import {
  SECRET_SETTINGS,
  SETTING_NAMES,
  type SettingName,
  settingsShape,
} from "../src/common/settings/schema.js";
import * as z from "../src/common/zod.js";

/**
 * README's settings table, generated from the settings schema as the OpenAPI document is from the
 * request schemas: names in schema order, defaults as the schema parses an empty configuration,
 * meanings from each setting's metadata in `z.globalRegistry`. `npm run docs:settings` rewrites it
 * between the markers; without `--write` the table goes to stdout.
 */

export const README_PATH = fileURLToPath(new URL("../README.md", import.meta.url));
export const TABLE_START = "<!-- settings-table:start -->";
export const TABLE_END = "<!-- settings-table:end -->";

const SECRETS = new Set<SettingName>(SECRET_SETTINGS);

const metaOf = (name: SettingName) => z.globalRegistry.get(settingsShape[name]);

export function settingDescription(name: SettingName): string | undefined {
  return metaOf(name)?.description;
}

function meaningCell(name: SettingName): string {
  const description = settingDescription(name);
  if (!description || /[\r\n]/.test(description))
    throw new Error(`${name}: give it a one-line description in its metadata (z.globalRegistry)`);
  return (SECRETS.has(name) ? `${description} (secret)` : description).replaceAll("|", "\\|");
}

function defaultCell(name: SettingName, value: unknown): string {
  if (value === undefined) {
    const unset = metaOf(name)?.unset;
    return typeof unset === "string" ? `(unset: ${unset})` : "(unset)";
  }
  if (
    Array.isArray(value)
      ? value.length === 0
      : typeof value === "object" && value !== null && Object.keys(value).length === 0
  )
    return "(none)";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return `\`${value}\``;
  throw new Error(`${name}: the table has no way to show its default ${String(value)}`);
}

export function renderSettingsTable(): string {
  const defaults: Partial<Record<SettingName, unknown>> = defaultSettings();
  const header = ["Setting", "Default", "Meaning"];
  const body = SETTING_NAMES.map((name) => [
    `\`${name}\``,
    defaultCell(name, defaults[name]),
    meaningCell(name),
  ]);
  // Padded so the table also reads as a table in the Markdown source.
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

/** The README text with the generated table between the markers. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start || readme.indexOf(TABLE_START, start + 1) >= 0)
    throw new Error(`README.md needs one ${TABLE_START} followed by one ${TABLE_END}`);
  // Blank lines around the table: Markdown would otherwise read the end marker as one more row.
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${renderSettingsTable()}\n\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--write")) {
    writeFileSync(README_PATH, withSettingsTable(readFileSync(README_PATH, "utf8")));
    process.stdout.write(`Wrote the settings table (${SETTING_NAMES.length} settings) to ${README_PATH}\n`);
  } else {
    process.stdout.write(`${renderSettingsTable()}\n`);
  }
}
