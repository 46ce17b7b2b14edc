import { type LoadedSettings, loadSettings } from "./load.js";

export { SettingsError } from "./load.js";
export type { Settings } from "./schema.js";

let current: Promise<LoadedSettings> | undefined;

/**
 * The settings of this process, read and validated once (per Lambda cold start) on first use.
 * Nothing is read at import time.
 */
export function getLoadedSettings(): Promise<LoadedSettings> {
  current ??= loadSettings().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

export async function getSettings() {
  return (await getLoadedSettings()).settings;
}

/** For the local runner (which may swap in the offline model) and for tests. */
export function applySettings(loaded: LoadedSettings | undefined): void {
  current = loaded === undefined ? undefined : Promise.resolve(loaded);
}
