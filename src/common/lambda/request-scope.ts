import { logger, setLogLevel } from "../logger.js";
import { getSettings, type Settings } from "../settings/index.js";

/**
 * Runs one request of a handler: settings loaded (once per cold start), the log level set from them,
 * and the request id and handler name attached to every log line until it is done.
 */
export async function inRequestScope<T>(
  handlerName: string,
  requestId: string,
  run: (settings: Settings) => Promise<T>,
): Promise<T> {
  logger.appendKeys({ requestId, handler: handlerName });
  try {
    const settings = await getSettings();
    setLogLevel(settings.DEBUG_MODE ? "DEBUG" : settings.LOG_LEVEL);
    return await run(settings);
  } finally {
    logger.removeKeys(["requestId", "handler"]);
  }
}
