import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { isPluginFileName, NOT_A_PLUGIN_FILE, type PluginLoad } from "./loaded-plugin.js";
import { PACKAGED_PLUGINS_FILE, readPackagedPlugins } from "./packaged-plugins.js";
import { MAX_PLUGIN_BYTES, tooLargeProblem } from "./plugin-value.js";

export interface FolderLoad extends PluginLoad {
  /** The folder does not exist: not an error (a deployment may ship plugins in S3 only). */
  missing: boolean;
  folder: string;
}

/** How a file is named in log lines: relative to the working directory when it is below it. */
function shownPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith("..") ? path : shown;
}

/**
 * Reads every plugin of a folder (not its subfolders): its .yaml/.yml files, and the plugins of a
 * packaged-plugins.json (the Lambda layer's form of them). Hidden files are skipped; any other file
 * is reported, as it is most likely a plugin saved under the wrong name.
 * Only reads: nothing is written, so this runs in a read-only Lambda file system.
 */
export async function readPluginFolder(folder: string): Promise<FolderLoad> {
  const absolute = resolve(folder);
  const load: FolderLoad = { plugins: [], problems: [], missing: false, folder: absolute };
  let names: string[];
  try {
    names = (await readdir(absolute)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return { ...load, missing: true };
  }
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const path = join(absolute, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    const source = shownPath(path);
    if (name === PACKAGED_PLUGINS_FILE) {
      const packaged = await readPackagedPlugins(path, source);
      load.plugins.push(...packaged.plugins);
      load.problems.push(...packaged.problems);
    } else if (!isPluginFileName(name)) load.problems.push({ source, problem: NOT_A_PLUGIN_FILE });
    else if (info.size > MAX_PLUGIN_BYTES)
      load.problems.push({ source, problem: tooLargeProblem(info.size) });
    else {
      const { parsePluginText } = await import("./parse-plugin.js");
      const bytes = await readFile(path);
      const result = parsePluginText(bytes.toString("utf8"));
      const md5 = createHash("md5").update(bytes).digest("hex");
      if (result.ok) load.plugins.push({ plugin: result.plugin, source, md5 });
      else load.problems.push({ source, problem: result.problem });
    }
  }
  return load;
}
