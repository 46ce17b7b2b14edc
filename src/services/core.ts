import { type RequestSchemas, requestSchemas } from "../common/request/request-schemas.js";
import type { Settings } from "../common/settings/index.js";
import type { LoadedSettings } from "../common/settings/load.js";
import { createUsageMeter, type UsageMeter } from "../common/usage/meter.js";
import { createLogger, type Logger } from "./logger.js";
import { createServiceMetrics, type ServiceMetrics } from "./metrics.js";
import { createTracing, type Tracing } from "./tracing.js";

/**
 * What every function's services start from: its settings, where they came from, its logger, the
 * schemas of the request bodies under the settings' limits, the usage meter (none when metering is
 * off), its metrics and its tracing (X-Ray subsegments; a pass-through when tracing is off).
 */
export interface CoreServices {
  settings: Settings;
  origins: LoadedSettings["origins"];
  logger: Logger;
  requests: RequestSchemas;
  usage: UsageMeter | undefined;
  metrics: ServiceMetrics;
  tracing: Tracing;
}

export function coreServices({ settings, origins }: LoadedSettings, logger?: Logger): CoreServices {
  const log = logger ?? createLogger(settings);
  const tracing = createTracing(settings, log);
  return {
    settings,
    origins,
    logger: log,
    requests: requestSchemas(settings),
    usage: createUsageMeter(settings, tracing),
    metrics: createServiceMetrics(settings),
    tracing,
  };
}
