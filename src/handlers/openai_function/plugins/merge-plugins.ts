import type { LoadedPlugin, PluginProblem } from "./loaded-plugin.js";

export interface MergedPlugins {
  plugins: LoadedPlugin[];
  problems: PluginProblem[];
  /** Bundled plugins an S3 plugin of the same name replaces. */
  replaced: { name: string; bundled: string; by: string }[];
}

function nameOf(loaded: LoadedPlugin): string {
  return loaded.plugin.meta_data.plugin_name;
}

/**
 * One plugin per name. Within one source the first file (in name order) keeps the name and later
 * ones are refused; an S3 plugin replaces a bundled one of the same name, so a plugin can be updated
 * by uploading it, without a deployment.
 */
export function mergePlugins(
  bundled: readonly LoadedPlugin[],
  uploaded: readonly LoadedPlugin[],
): MergedPlugins {
  const merged: MergedPlugins = { plugins: [], problems: [], replaced: [] };
  const unique = (list: readonly LoadedPlugin[]) => {
    const byName = new Map<string, LoadedPlugin>();
    for (const loaded of list) {
      const first = byName.get(nameOf(loaded));
      if (first)
        merged.problems.push({
          source: loaded.source,
          problem: `meta_data.plugin_name: '${nameOf(loaded)}' is already used by ${first.source}`,
        });
      else byName.set(nameOf(loaded), loaded);
    }
    return byName;
  };
  const byName = unique(bundled);
  for (const [name, loaded] of unique(uploaded)) {
    const bundledOne = byName.get(name);
    if (bundledOne) merged.replaced.push({ name, bundled: bundledOne.source, by: loaded.source });
    byName.set(name, loaded);
  }
  merged.plugins = [...byName.values()];
  return merged;
}
