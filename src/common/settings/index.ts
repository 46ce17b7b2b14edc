export { type LoadedSettings, loadSettings, SettingsError } from "./load.js";
export type { Settings } from "./schema.js";
