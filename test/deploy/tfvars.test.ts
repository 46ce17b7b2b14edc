import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse } from "@cdktf/hcl2json";
import { afterAll, describe, expect, it } from "vitest";
import { defaultSettings, loadSettings } from "../../src/common/settings/load.js";
import { SETTING_NAMES, type SettingName } from "../../src/common/settings/schema.js";

/** terraform.tfvars configures both the stack and the local server, so the two must agree on names. */

const terraformDir = new URL("../../terraform/", import.meta.url);
const examplePath = new URL("terraform.tfvars.example", terraformDir);

interface VariableBlock {
  default?: unknown;
}

async function declaredVariables(): Promise<Map<string, VariableBlock>> {
  const variables = new Map<string, VariableBlock>();
  for (const file of readdirSync(terraformDir).filter((name) => name.endsWith(".tf"))) {
    const parsed = (await parse(file, readFileSync(new URL(file, terraformDir), "utf8"))) as {
      variable?: Record<string, VariableBlock[]>;
    };
    for (const [name, [block]] of Object.entries(parsed.variable ?? {})) variables.set(name, block ?? {});
  }
  return variables;
}

const asSetting = (name: string) => name.toUpperCase() as SettingName;
const isSetting = (name: string) => (SETTING_NAMES as string[]).includes(name.toUpperCase());

describe("terraform variables and application settings", () => {
  const tempDirs: string[] = [];
  afterAll(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it("names every shared knob the way the settings do", async () => {
    const variables = await declaredVariables();
    const shared = [...variables.keys()].filter(isSetting);
    expect(shared).toEqual(
      expect.arrayContaining([
        "aws_region",
        "shared_resource_identifier",
        "openai_api_key",
        "openai_model",
        "openai_timeout_ms",
        "openai_max_retries",
        "throttle_settings_rate_limit",
        "throttle_settings_burst_limit",
        "quota_settings_limit",
        "quota_settings_period",
        "log_level",
        "memory_ttl_days",
        "plugins_s3_prefix",
      ]),
    );
  });

  it("gives each shared variable the setting's default", async () => {
    const defaults = defaultSettings();
    const variables = await declaredVariables();
    const mismatches = [...variables.entries()]
      .filter(([name, block]) => isSetting(name) && "default" in block)
      .map(([name, block]) => ({
        name,
        terraform: block.default ?? undefined,
        app: defaults[asSetting(name)],
      }))
      .filter(({ terraform, app }) => !isDeepStrictEqual(terraform, app));
    expect(mismatches).toEqual([]);
  });

  it("declares every key of terraform.tfvars.example", async () => {
    const variables = await declaredVariables();
    const example = await parse("terraform.tfvars.example", readFileSync(examplePath, "utf8"));
    const undeclared = Object.keys(example).filter((key) => !variables.has(key));
    expect(undeclared).toEqual([]);
  });

  it("lets the local server load the example as its terraform.tfvars", async () => {
    const root = mkdtempSync(join(tmpdir(), "tfvars-"));
    tempDirs.push(root);
    mkdirSync(join(root, "terraform"));
    const example = readFileSync(examplePath, "utf8").replace(
      'openai_model       = "gpt-4o-mini"',
      'openai_model = "gpt-test"',
    );
    writeFileSync(join(root, "terraform", "terraform.tfvars"), example);

    const { settings, origins } = await loadSettings({ rootDir: root, env: {} });

    expect(settings.OPENAI_MODEL).toBe("gpt-test");
    expect(origins.OPENAI_MODEL).toBe("terraform.tfvars");
    expect(settings.QUOTA_SETTINGS_PERIOD).toBe("DAY");
    expect(settings.OPENAI_API_KEY).toBeUndefined();
  });
});
