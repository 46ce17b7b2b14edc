import { setLogLevel } from "../logger.js";
import { getLoadedSettings, type Settings } from "../settings/index.js";

/**
 * The settings one request runs with (loaded once per cold start), the log level set from them.
 *
 * Nothing request-specific is put on the shared logger: the local server runs many requests of one
 * handler at once in one process, so a request id appended to the logger would label other requests'
 * lines. Log lines of a request name its id themselves.
 */
export async function requestSettings(): Promise<Settings> {
  const { settings } = await getLoadedSettings();
  setLogLevel(settings.DEBUG_MODE ? "DEBUG" : settings.LOG_LEVEL);
  return settings;
}
