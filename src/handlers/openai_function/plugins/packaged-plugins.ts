import { readFile } from "node:fs/promises";
import type { LoadedPlugin, PluginLoad } from "./loaded-plugin.js";
import { PLUGIN_SCHEMA_VERSION } from "./schema.js";

/**
 * The repository's plugins as `npm run package` ships them in the Lambda layer: parsed from YAML
 * and validated at package time, written as one JSON file, so that a cold start reads them with
 * JSON.parse and never loads the YAML parser for them (docs/packaging.md).
 */

/** A plugin folder holding this file gets the plugins in it, next to any YAML files of its own. */
export const PACKAGED_PLUGINS_FILE = "packaged-plugins.json";

/** Bumped when the file's shape changes, so a function never misreads a layer packaged by another version. */
const FORMAT = 1;

interface PackagedPlugins {
  format: typeof FORMAT;
  plugin_schema_version: typeof PLUGIN_SCHEMA_VERSION;
  /** In file-name order; each source is the repository file it was parsed from, md5 that file's. */
  plugins: LoadedPlugin[];
}

export function packagedPluginsJson(plugins: readonly LoadedPlugin[]): string {
  const packaged: PackagedPlugins = {
    format: FORMAT,
    plugin_schema_version: PLUGIN_SCHEMA_VERSION,
    plugins: [...plugins],
  };
  return `${JSON.stringify(packaged)}\n`;
}

function packagedPlugins(value: unknown): LoadedPlugin[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { format, plugin_schema_version, plugins } = value as Partial<Record<keyof PackagedPlugins, unknown>>;
  const current = format === FORMAT && plugin_schema_version === PLUGIN_SCHEMA_VERSION;
  return current && Array.isArray(plugins) ? (plugins as LoadedPlugin[]) : undefined;
}

/**
 * Trusted as validated at package time, not checked against the plugin schema again: that first
 * check would cost the cold start more than reading the file (docs/packaging.md). The format and
 * the plugin schema version are checked, so a layer packaged for another version is refused whole.
 */
export async function readPackagedPlugins(path: string, shownPath: string): Promise<PluginLoad> {
  let plugins: LoadedPlugin[] | undefined;
  try {
    plugins = packagedPlugins(JSON.parse(await readFile(path, "utf8")));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (plugins) return { plugins, problems: [] };
  const problem = `not a packaged plugins file of format ${FORMAT} for plugin schema ${PLUGIN_SCHEMA_VERSION}`;
  return { plugins: [], problems: [{ source: shownPath, problem }] };
}
