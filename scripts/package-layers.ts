import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import {
  PACKAGED_PLUGINS_FILE,
  packagedPluginsJson,
} from "../src/handlers/openai_function/plugins/packaged-plugins.js";
import { validatePluginFolder } from "../src/handlers/openai_function/plugins/validate-folder.js";
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
  entries(rootDir: string): Promise<ZipEntry[]>;
}

/** Where the plugins layer puts the repository's plugins; the function's PLUGINS_DIR points here. */
export const PLUGINS_LAYER_DIR = "nodejs/plugins";

/**
 * The repository's plugins, checked as `npm run plugins:validate` checks them (a bad one fails the
 * package) and shipped parsed, as one JSON file: the function then never loads the YAML parser for
 * them. Each plugin is named by its repository file in the function's log lines, and carries that
 * file's MD5, by which the function knows Terraform's S3 copy of it without downloading it.
 */
async function pluginEntries(rootDir: string): Promise<ZipEntry[]> {
  const dir = join(rootDir, "plugins");
  if (!existsSync(dir)) return [];
  const report = await validatePluginFolder(dir);
  if (!report.ok) throw new Error(`invalid plugins, not packaged:\n  ${report.lines.join("\n  ")}`);
  if (report.plugins.length === 0) return [];
  const plugins = report.plugins.map((loaded) => ({
    ...loaded,
    source: `plugins/${basename(loaded.source)}`,
  }));
  return [
    {
      path: `${PLUGINS_LAYER_DIR}/${PACKAGED_PLUGINS_FILE}`,
      data: Buffer.from(packagedPluginsJson(plugins)),
    },
  ];
}

export const LAYERS: Record<string, LayerSpec> = {
  plugins: {
    functions: ["openai_compat", "openai_function"],
    describe: "no plugins/*.yaml in the repository",
    entries: pluginEntries,
  },
};
