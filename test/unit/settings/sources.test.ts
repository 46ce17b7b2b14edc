import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSettings, loadSettings } from "../../../src/common/settings/load.js";
import { SETTING_NAMES } from "../../../src/common/settings/schema.js";
import { emptyDir } from "../../support/settings.js";

interface Files {
  tfvars?: string;
  dotenv?: string;
}

/** A project root holding only the given settings files. */
function projectRoot(files: Files = {}): string {
  const root = emptyDir("aws-openai-settings-");
  if (files.tfvars !== undefined) {
    mkdirSync(join(root, "terraform"));
    writeFileSync(join(root, "terraform", "terraform.tfvars"), files.tfvars);
  }
  if (files.dotenv !== undefined) writeFileSync(join(root, ".env"), files.dotenv);
  return root;
}

describe("settings defaults", () => {
  it("are used for every setting when nothing is configured", async () => {
    const { settings, origins } = await loadSettings({ rootDir: projectRoot(), env: {} });
    expect(settings).toMatchObject({
      OPENAI_MODEL: "gpt-4o-mini",
      OPENAI_MAX_RETRIES: 2,
      THROTTLE_SETTINGS_RATE_LIMIT: 10,
      THROTTLE_SETTINGS_BURST_LIMIT: 5,
      QUOTA_SETTINGS_LIMIT: 500,
      QUOTA_SETTINGS_PERIOD: "DAY",
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: ".data",
      LOG_LEVEL: "INFO",
      DEBUG_MODE: false,
      SHARED_RESOURCE_IDENTIFIER: "aws-openai",
      AWS_REGION: "us-east-1",
      API_KEYS: [],
    });
    expect(settings.OPENAI_API_KEY).toBeUndefined();
    expect(settings.OPENAI_BASE_URL).toBeUndefined();
    expect(settings.OPENAI_ORGANIZATION).toBeUndefined();
    // API Gateway stops waiting at 29 s: the SDK must give up first.
    expect(settings.OPENAI_TIMEOUT_MS).toBeLessThan(29_000);
    expect(new Set(Object.values(origins))).toEqual(new Set(["default"]));
    expect(Object.keys(origins).sort()).toEqual([...SETTING_NAMES].sort());
    expect(settings).toEqual(defaultSettings());
  });

  it("ignore names that are not settings", async () => {
    const { settings } = await loadSettings({
      rootDir: projectRoot({ dotenv: "NOT_A_SETTING=1\n" }),
      env: { PATH: "/usr/bin", SOMETHING_ELSE: "x" },
    });
    expect(settings).not.toHaveProperty("NOT_A_SETTING");
    expect(settings).not.toHaveProperty("PATH");
  });
});

describe("terraform/terraform.tfvars", () => {
  const tfvars = [
    "# HCL, as Terraform reads it",
    'openai_model = "gpt-from-tfvars"',
    "throttle_settings_rate_limit = 7.5",
    "throttle_settings_burst_limit = 12",
    'quota_settings_period = "week"',
    "debug_mode = true",
    'api_keys = ["key-one", "key-two"]',
    "openai_max_retries = 0",
    "",
  ].join("\n");

  it("is parsed as HCL: keys upper-cased, numbers and booleans as text, lists comma-joined", async () => {
    const { settings, origins } = await loadSettings({ rootDir: projectRoot({ tfvars }), env: {} });
    expect(settings.OPENAI_MODEL).toBe("gpt-from-tfvars");
    expect(settings.THROTTLE_SETTINGS_RATE_LIMIT).toBe(7.5);
    expect(settings.THROTTLE_SETTINGS_BURST_LIMIT).toBe(12);
    expect(settings.QUOTA_SETTINGS_PERIOD).toBe("WEEK");
    expect(settings.DEBUG_MODE).toBe(true);
    expect(settings.OPENAI_MAX_RETRIES).toBe(0);
    expect(settings.API_KEYS.map((key) => key.reveal())).toEqual(["key-one", "key-two"]);
    expect(origins.OPENAI_MODEL).toBe("terraform.tfvars");
    expect(origins.API_KEYS).toBe("terraform.tfvars");
    expect(origins.PORT).toBe("default");
  });

  it("accepts HCL-only syntax (heredoc strings, multi-line lists with trailing commas)", async () => {
    const hcl = [
      "shared_resource_identifier = <<EOT",
      "from-heredoc",
      "EOT",
      "api_keys = [",
      '  "a",',
      '  "b",',
      "]",
      "",
    ];
    const { settings } = await loadSettings({ rootDir: projectRoot({ tfvars: hcl.join("\n") }), env: {} });
    expect(settings.SHARED_RESOURCE_IDENTIFIER).toBe("from-heredoc");
    expect(settings.API_KEYS.map((key) => key.reveal())).toEqual(["a", "b"]);
  });

  it("fails naming the file when it is not valid HCL", async () => {
    const root = projectRoot({ tfvars: "port = 80 80 {\n" });
    await expect(loadSettings({ rootDir: root, env: {} })).rejects.toThrow(
      /Cannot parse .*terraform\.tfvars/,
    );
  });
});

describe(".env", () => {
  it("is read from the project root", async () => {
    const dotenv =
      "OPENAI_MODEL=gpt-from-dotenv\nPORT=4010\n# a comment\nLOG_LEVEL=debug\nAPI_KEYS= k1 , ,k2\n";
    const { settings, origins } = await loadSettings({ rootDir: projectRoot({ dotenv }), env: {} });
    expect(settings.OPENAI_MODEL).toBe("gpt-from-dotenv");
    expect(settings.PORT).toBe(4010);
    expect(settings.LOG_LEVEL).toBe("DEBUG");
    expect(settings.API_KEYS.map((key) => key.reveal())).toEqual(["k1", "k2"]);
    expect(origins.PORT).toBe(".env");
  });
});

describe("environment variables", () => {
  it("are read from the given environment, undefined values ignored", async () => {
    const { settings, origins } = await loadSettings({
      rootDir: projectRoot(),
      env: { OPENAI_MODEL: "gpt-from-env", OPENAI_TIMEOUT_MS: "2000", PORT: undefined },
    });
    expect(settings.OPENAI_MODEL).toBe("gpt-from-env");
    expect(settings.OPENAI_TIMEOUT_MS).toBe(2000);
    expect(settings.PORT).toBe(3000);
    expect(origins).toMatchObject({ OPENAI_MODEL: "environment", PORT: "default" });
  });

  it("keeps the OpenAI key as a secret", async () => {
    const { settings } = await loadSettings({ rootDir: projectRoot(), env: { OPENAI_API_KEY: "sk-env-1" } });
    expect(settings.OPENAI_API_KEY?.reveal()).toBe("sk-env-1");
    expect(String(settings.OPENAI_API_KEY)).not.toContain("sk-env-1");
  });
});

describe("precedence: defaults < terraform.tfvars < .env < environment", () => {
  const cases = [
    { tfvars: false, dotenv: false, env: false, expected: ["gpt-4o-mini", "default"] },
    { tfvars: true, dotenv: false, env: false, expected: ["model-tfvars", "terraform.tfvars"] },
    { tfvars: false, dotenv: true, env: false, expected: ["model-dotenv", ".env"] },
    { tfvars: true, dotenv: true, env: false, expected: ["model-dotenv", ".env"] },
    { tfvars: false, dotenv: false, env: true, expected: ["model-env", "environment"] },
    { tfvars: true, dotenv: false, env: true, expected: ["model-env", "environment"] },
    { tfvars: false, dotenv: true, env: true, expected: ["model-env", "environment"] },
    { tfvars: true, dotenv: true, env: true, expected: ["model-env", "environment"] },
  ] as const;

  it.each(cases)("tfvars=$tfvars .env=$dotenv env=$env -> $expected", async (c) => {
    const root = projectRoot({
      ...(c.tfvars ? { tfvars: 'openai_model = "model-tfvars"\n' } : {}),
      ...(c.dotenv ? { dotenv: "OPENAI_MODEL=model-dotenv\n" } : {}),
    });
    const env = c.env ? { OPENAI_MODEL: "model-env" } : {};
    const { settings, origins } = await loadSettings({ rootDir: root, env });
    expect([settings.OPENAI_MODEL, origins.OPENAI_MODEL]).toEqual(c.expected);
  });

  it("applies per setting: each one comes from the highest source that has it", async () => {
    const root = projectRoot({
      tfvars: 'port = 1001\nhost = "0.0.0.0"\nopenai_model = "m-tfvars"\n',
      dotenv: "PORT=1002\nOPENAI_MODEL=m-dotenv\n",
    });
    const { settings, origins } = await loadSettings({ rootDir: root, env: { OPENAI_MODEL: "m-env" } });
    expect(settings).toMatchObject({ HOST: "0.0.0.0", PORT: 1002, OPENAI_MODEL: "m-env" });
    expect(origins).toMatchObject({ HOST: "terraform.tfvars", PORT: ".env", OPENAI_MODEL: "environment" });
    expect(origins.AWS_REGION).toBe("default");
  });
});
