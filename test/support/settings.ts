import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applySettings } from "../../src/common/settings/index.js";
import { type LoadedSettings, resolveSettings } from "../../src/common/settings/load.js";

/** Settings from the given environment only (no .env or tfvars of the developer's machine). */
export function testSettings(env: Record<string, string> = {}): LoadedSettings {
  return resolveSettings([{ name: "environment", values: { LOG_LEVEL: "SILENT", ...env } }]);
}

/** Makes the handlers of this test process use exactly these settings. */
export function useTestSettings(env: Record<string, string> = {}): LoadedSettings {
  const loaded = testSettings(env);
  applySettings(loaded);
  return loaded;
}

export function emptyDir(prefix = "aws-openai-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
