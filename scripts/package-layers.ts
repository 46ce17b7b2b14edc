import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ZipEntry } from "./package-zip.js";

/**
 * The layers and which functions attach them (terraform/locals.tf lists the same; a test compares).
 * Why these and no shared-dependency layer: docs/packaging.md.
 */
export interface LayerSpec {
  functions: string[];
  /** Where its files come from, for the error when there are none. */
  describe: string;
  /** The layer's files, paths relative to the layer root (/opt in Lambda). */
  entries(rootDir: string): ZipEntry[];
}

/** Where the plugins layer puts the repository's plugins; the function's PLUGINS_DIR points here. */
export const PLUGINS_LAYER_DIR = "nodejs/plugins";

function pluginEntries(rootDir: string): ZipEntry[] {
  const dir = join(rootDir, "plugins");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => ({ path: `${PLUGINS_LAYER_DIR}/${file}`, data: readFileSync(join(dir, file)) }));
}

export const LAYERS: Record<string, LayerSpec> = {
  plugins: {
    functions: ["openai_function"],
    describe: "no plugins/*.yaml in the repository",
    entries: pluginEntries,
  },
};
