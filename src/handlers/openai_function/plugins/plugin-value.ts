import type { z } from "zod/mini";
import { type Plugin, PluginSchema } from "./schema.js";

/** Plugin files are small; anything larger is a mistake or an attack on the parser. */
export const MAX_PLUGIN_BYTES = 256 * 1024;
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

/**
 * A plugin's parsed value (from YAML, or from the packaged JSON) checked against the plugin
 * schema. Problems name the field path, so the author knows what to fix.
 */
export function validatePlugin(value: unknown): PluginParseResult {
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
