import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LoadedPlugin } from "../../../src/handlers/openai_function/plugins/loaded-plugin.js";
import { parsePluginText } from "../../../src/handlers/openai_function/plugins/parse-plugin.js";

/** Folders of plugin files used by the tests: the repository's examples and test/fixtures/plugins. */
export const EXAMPLE_PLUGINS_DIR = fileURLToPath(new URL("../../../plugins", import.meta.url));
export const FIXTURE_PLUGINS_DIR = fileURLToPath(new URL("../../fixtures/plugins", import.meta.url));

export function fixturePath(...parts: string[]): string {
  return [FIXTURE_PLUGINS_DIR, ...parts].join("/");
}

/** Every plugin of a folder, which must all be valid. */
export function validPlugins(folder: string): LoadedPlugin[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const result = parsePluginText(readFileSync(`${folder}/${name}`, "utf8"));
      if (!result.ok) throw new Error(`${folder}/${name}: ${result.problem}`);
      return { plugin: result.plugin, source: name };
    });
}
