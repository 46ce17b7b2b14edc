import { parseDocument, type YAMLError } from "yaml";
import type { z } from "zod";
import { type Plugin, PluginSchema } from "./schema.js";

/** Plugin files are small; anything larger is a mistake or an attack on the parser. */
export const MAX_PLUGIN_BYTES = 256 * 1024;
/** Enough for sharing a list or two; far below what an alias bomb needs. */
const MAX_ALIAS_COUNT = 20;
const MAX_REPORTED_ISSUES = 5;

export type PluginParseResult = { ok: true; plugin: Plugin } | { ok: false; problem: string };

export function tooLargeProblem(bytes: number): string {
  return `file is ${bytes} bytes; plugins may be at most ${MAX_PLUGIN_BYTES}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  const what = issue.message.endsWith("received undefined") ? "is required" : issue.message;
  return `${where}: ${what.replace(/^Invalid input: /, "")}`;
}

function yamlProblem(error: YAMLError): string {
  if (error.code === "MULTIPLE_DOCS") return "yaml: a plugin file holds exactly one YAML document";
  return `yaml: ${error.message.split("\n")[0] ?? error.message}`;
}

/**
 * Reads one plugin file safely: the YAML 1.2 core schema only (no custom or language tags, no merge
 * keys), one document, unique keys, a bounded size and alias count; then the plugin schema. Problems
 * name the field path, so the author knows what to fix.
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
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return {
      ok: false,
      problem: "(top level): expected a map with meta_data, selector, prompting, function_calling",
    };

  const result = PluginSchema.safeParse(value);
  if (result.success) return { ok: true, plugin: result.data };
  return {
    ok: false,
    problem: result.error.issues.slice(0, MAX_REPORTED_ISSUES).map(describeIssue).join("; "),
  };
}
