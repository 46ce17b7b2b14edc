import { readPluginFolder } from "./folder-source.js";
import type { LoadedPlugin } from "./loaded-plugin.js";
import { mergePlugins } from "./merge-plugins.js";

export interface FolderReport {
  /** One line per file, in file-name order, then a summary. */
  lines: string[];
  ok: boolean;
  /** The valid plugins, in file-name order. */
  plugins: LoadedPlugin[];
}

/**
 * Checks every file of a plugin folder the way the handler loads it (schema, YAML safety, unique
 * names), for a deploy pipeline to run before plugins are uploaded.
 */
export async function validatePluginFolder(folder: string): Promise<FolderReport> {
  const load = await readPluginFolder(folder);
  if (load.missing) return { lines: [`FAIL ${load.folder}: no such folder`], ok: false, plugins: [] };
  const merged = mergePlugins(load.plugins, []);
  const refused = [...load.problems, ...merged.problems];
  const entries = [
    ...refused.map(({ source, problem }) => ({ source, line: `FAIL ${source}: ${problem}` })),
    ...merged.plugins.map(({ source, plugin }) => ({
      source,
      line: `OK   ${source} (${plugin.meta_data.plugin_name})`,
    })),
  ].sort((a, b) => a.source.localeCompare(b.source));
  const summary =
    entries.length === 0
      ? `no plugin files in ${load.folder}`
      : `${entries.length - refused.length} valid, ${refused.length} invalid`;
  return {
    lines: [...entries.map(({ line }) => line), summary],
    ok: refused.length === 0,
    plugins: merged.plugins,
  };
}
