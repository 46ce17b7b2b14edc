import { type RequestSchemas, requestSchemas } from "../common/request/request-schemas.js";
import type { Settings } from "../common/settings/index.js";
import type { LoadedSettings } from "../common/settings/load.js";
import { createLogger, type Logger } from "./logger.js";

/**
 * What every function's services start from: its settings, where they came from, its logger, and the
 * schemas of the request bodies under the settings' limits.
 */
export interface CoreServices {
  settings: Settings;
  origins: LoadedSettings["origins"];
  logger: Logger;
  requests: RequestSchemas;
}

export function coreServices({ settings, origins }: LoadedSettings, logger?: Logger): CoreServices {
  return { settings, origins, logger: logger ?? createLogger(settings), requests: requestSchemas(settings) };
}
