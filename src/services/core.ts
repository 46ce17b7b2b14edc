import { type RequestSchemas, requestSchemas } from "../common/request/request-schemas.js";
import type { Settings } from "../common/settings/index.js";
import type { LoadedSettings } from "../common/settings/load.js";
import { createUsageMeter, type UsageMeter } from "../common/usage/meter.js";
import { createLogger, type Logger } from "./logger.js";
import { createServiceMetrics, type ServiceMetrics } from "./metrics.js";

/**
 * What every function's services start from: its settings, where they came from, its logger, the
 * schemas of the request bodies under the settings' limits, the usage meter (none when metering is
 * off) and its metrics.
 */
export interface CoreServices {
  settings: Settings;
  origins: LoadedSettings["origins"];
  logger: Logger;
  requests: RequestSchemas;
  usage: UsageMeter | undefined;
  metrics: ServiceMetrics;
}

export function coreServices({ settings, origins }: LoadedSettings, logger?: Logger): CoreServices {
  return {
    settings,
    origins,
    logger: logger ?? createLogger(settings),
    requests: requestSchemas(settings),
    usage: createUsageMeter(settings),
    metrics: createServiceMetrics(settings),
  };
}
