import { readFile } from "node:fs/promises";
import type { LoadedPlugin, PluginLoad } from "./loaded-plugin.js";
import { validatePlugin } from "./plugin-value.js";

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
  /** In file-name order; each source is the repository file it was parsed from, md5 that file's. */
  plugins: LoadedPlugin[];
}

export function packagedPluginsJson(plugins: readonly LoadedPlugin[]): string {
  const packaged: PackagedPlugins = { format: FORMAT, plugins: [...plugins] };
  return `${JSON.stringify(packaged)}\n`;
}

function entriesOf(value: unknown): unknown[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { format, plugins } = value as Partial<Record<keyof PackagedPlugins, unknown>>;
  return format === FORMAT && Array.isArray(plugins) ? plugins : undefined;
}

/**
 * Validated again with the plugin schema as they are read: the layer and the function are deployed
 * as separate versions, and the check costs little next to the cold start (docs/packaging.md).
 */
export async function readPackagedPlugins(path: string, shownPath: string): Promise<PluginLoad> {
  const load: PluginLoad = { plugins: [], problems: [] };
  let entries: unknown[] | undefined;
  try {
    entries = entriesOf(JSON.parse(await readFile(path, "utf8")));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (!entries) {
    load.problems.push({ source: shownPath, problem: `not a packaged plugins file of format ${FORMAT}` });
    return load;
  }
  for (const [index, entry] of entries.entries()) {
    const { source, plugin, md5 } = (entry ?? {}) as { source?: unknown; plugin?: unknown; md5?: unknown };
    const named = typeof source === "string" ? source : `${shownPath}#${index}`;
    const result = validatePlugin(plugin);
    if (result.ok)
      load.plugins.push({
        plugin: result.plugin,
        source: named,
        ...(typeof md5 === "string" ? { md5 } : {}),
      });
    else load.problems.push({ source: named, problem: result.problem });
  }
  return load;
}
