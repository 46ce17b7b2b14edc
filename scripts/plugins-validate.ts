import { loadSettings } from "../src/common/settings/load.js";
import { validatePluginFolder } from "../src/handlers/openai_function/plugins/validate-folder.js";

/**
 * `npm run plugins:validate [DIR]`: checks every file of a plugin folder (default PLUGINS_DIR), one
 * line per file, and exits non-zero when any is invalid, so a pipeline can stop before uploading.
 */
const folder = process.argv[2] ?? (await loadSettings()).settings.PLUGINS_DIR;
const report = await validatePluginFolder(folder);
process.stdout.write(`${report.lines.join("\n")}\n`);
process.exitCode = report.ok ? 0 : 1;
