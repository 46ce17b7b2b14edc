import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { readSecretParameters } from "./ssm-secrets.js";

export type SourceName = "default" | "terraform.tfvars" | ".env" | "environment" | "ssm parameter store";

export interface RawSource {
  name: SourceName;
  values: Record<string, string>;
}

/** tfvars values may be lists, numbers or booleans; settings are read as environment-style strings. */
function asSettingString(value: unknown): string {
  if (Array.isArray(value)) return value.map(asSettingString).join(",");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export async function readTfvars(path: string): Promise<Record<string, string>> {
  if (!existsSync(path)) return {};
  // Loaded only when the file exists: the HCL parser is WebAssembly and costs a cold start otherwise.
  const { parse } = await import("@cdktf/hcl2json");
  let parsed: Record<string, unknown>;
  try {
    parsed = await parse(path, readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot parse ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([key, value]) => [key.toUpperCase(), asSettingString(value)]),
  );
}

export function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseDotenv(readFileSync(path, "utf8"));
}

export interface SourceLocations {
  rootDir: string;
  env: Record<string, string | undefined>;
}

/** The sources in ascending precedence: a later one wins. */
export async function readSources({ rootDir, env }: SourceLocations): Promise<RawSource[]> {
  const definedEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) definedEnv[key] = value;
  return [
    { name: "terraform.tfvars", values: await readTfvars(join(rootDir, "terraform", "terraform.tfvars")) },
    { name: ".env", values: readDotenv(join(rootDir, ".env")) },
    { name: "environment", values: definedEnv },
    // Last: a deployed function names its secrets' parameters on purpose, so they win.
    { name: "ssm parameter store", values: await readSecretParameters(env) },
  ];
}
