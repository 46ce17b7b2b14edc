import { MisconfiguredError } from "../errors.js";
import { SECRET_SETTINGS, SETTING_NAMES, type SettingName, type Settings, SettingsSchema } from "./schema.js";
import { type RawSource, readSources, type SourceName } from "./sources.js";

export class SettingsError extends MisconfiguredError {
  override readonly name = "SettingsError";
}

export interface LoadedSettings {
  settings: Settings;
  /** Where each setting's effective value came from, for diagnostics. */
  origins: Record<SettingName, SourceName>;
}

const SECRET_NAMES = new Set<SettingName>(SECRET_SETTINGS);

/** Merges raw sources (later wins) and validates once, naming the variable and its source on failure. */
export function resolveSettings(sources: RawSource[]): LoadedSettings {
  const raw: Record<string, string> = {};
  const origins = Object.fromEntries(SETTING_NAMES.map((n) => [n, "default"])) as Record<
    SettingName,
    SourceName
  >;
  for (const source of sources) {
    for (const name of SETTING_NAMES) {
      const value = source.values[name];
      if (value === undefined) continue;
      raw[name] = value;
      origins[name] = source.name;
    }
  }
  const result = SettingsSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]) as SettingName;
      const shown = SECRET_NAMES.has(name) ? "" : ` (value ${JSON.stringify(raw[name])})`;
      return `${name}${shown} from ${origins[name]}: ${issue.message}`;
    });
    throw new SettingsError(`Invalid settings:\n  ${lines.join("\n  ")}`);
  }
  return { settings: result.data, origins };
}

export interface LoadOptions {
  rootDir?: string;
  env?: Record<string, string | undefined>;
}

export async function loadSettings(options: LoadOptions = {}): Promise<LoadedSettings> {
  const sources = await readSources({
    rootDir: options.rootDir ?? process.cwd(),
    env: options.env ?? process.env,
  });
  return resolveSettings(sources);
}

/** The settings with nothing configured: every default. */
export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
