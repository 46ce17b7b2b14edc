import { parseDocument, type YAMLError } from "yaml";
import { MAX_PLUGIN_BYTES, type PluginParseResult, tooLargeProblem, validatePlugin } from "./plugin-value.js";

/**
 * The YAML reader of plugin files. Importing this module loads the `yaml` package, so the loaders
 * import it dynamically when they first meet a YAML file: a cold start with none never runs it.
 */

/** Enough for sharing a list or two; far below what an alias bomb needs. */
const MAX_ALIAS_COUNT = 20;

function yamlProblem(error: YAMLError): string {
  if (error.code === "MULTIPLE_DOCS") return "yaml: a plugin file holds exactly one YAML document";
  return `yaml: ${error.message.split("\n")[0] ?? error.message}`;
}

/**
 * Reads one plugin file safely: the YAML 1.2 core schema only (no custom or language tags, no merge
 * keys), one document, unique keys, a bounded size and alias count; then the plugin schema.
 */
export function parsePluginText(text: string): PluginParseResult {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_PLUGIN_BYTES) return { ok: false, problem: tooLargeProblem(bytes) };

  const document = parseDocument(text, {
    schema: "core",
    merge: false,
    resolveKnownTags: false,
    customTags: [],
    uniqueKeys: true,
    prettyErrors: true,
  });
  // An unknown tag is only a warning to the YAML library; here it is a refusal, never a string.
  const [problem] = [...document.errors, ...document.warnings];
  if (problem) return { ok: false, problem: yamlProblem(problem) };

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (aliasError) {
    return { ok: false, problem: `yaml: ${aliasError instanceof Error ? aliasError.message : aliasError}` };
  }
  return validatePlugin(value);
}
