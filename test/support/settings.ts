import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServicesFactory } from "../../src/adapters/lambda/services-once.js";
import { type LoadedSettings, resolveSettings } from "../../src/common/settings/load.js";

/**
 * Settings from the given environment only (no .env or tfvars of the developer's machine). Metering
 * is off unless asked for: a unit test's services have no DynamoDB to count in (the local start and
 * `startTestService` have one).
 */
export function testSettings(env: Record<string, string> = {}): LoadedSettings {
  return resolveSettings([
    { name: "environment", values: { LOG_LEVEL: "SILENT", USAGE_METERING: "false", ...env } },
  ]);
}

/** A function's services built from exactly these settings, as its Lambda entry takes them. */
export function testServices<S>(
  build: (loaded: LoadedSettings) => S,
  env: Record<string, string> = {},
): ServicesFactory<S> {
  const services = build(testSettings(env));
  return () => Promise.resolve(services);
}

export function emptyDir(prefix = "aws-openai-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
