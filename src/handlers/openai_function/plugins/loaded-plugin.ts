import type { Plugin } from "./schema.js";

/** A valid plugin and where it came from ("plugins/x.yaml", "s3://bucket/key"), for log lines. */
export interface LoadedPlugin {
  plugin: Plugin;
  source: string;
  /**
   * The MD5 (hex) of the file it was parsed from, when known. S3 gives an object uploaded whole the
   * same digest as its ETag, so an S3 copy of a bundled plugin is recognised without downloading it.
   */
  md5?: string;
}

/** A file that is not a usable plugin, and why: it is refused and every other plugin keeps working. */
export interface PluginProblem {
  source: string;
  problem: string;
}

export interface PluginLoad {
  plugins: LoadedPlugin[];
  problems: PluginProblem[];
}

const PLUGIN_FILE = /\.ya?ml$/i;

export function isPluginFileName(name: string): boolean {
  return PLUGIN_FILE.test(name);
}

export const NOT_A_PLUGIN_FILE = "not a plugin file: plugins are .yaml or .yml files";
