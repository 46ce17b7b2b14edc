import { Logger } from "@aws-lambda-powertools/logger";
import type { Settings } from "../common/settings/index.js";

export type { Logger } from "@aws-lambda-powertools/logger";

/**
 * The service's structured logger (JSON lines, CloudWatch friendly), at the level the settings give.
 * The level is set after construction: the constructor lets environment variables of Powertools' own
 * take precedence, and the settings already include the environment.
 */
export function createLogger(settings: Pick<Settings, "LOG_LEVEL" | "DEBUG_MODE">): Logger {
  const logger = new Logger({ serviceName: "aws-openai" });
  logger.setLogLevel(settings.DEBUG_MODE ? "DEBUG" : settings.LOG_LEVEL);
  return logger;
}

/**
 * Per-request debug lines are skipped before any work when they would not be printed. Decided from
 * the settings the logger was built from: asking the logger looks up the invocation's own level.
 */
export function debugEnabled(settings: Pick<Settings, "LOG_LEVEL" | "DEBUG_MODE">): boolean {
  return settings.DEBUG_MODE || settings.LOG_LEVEL === "DEBUG";
}
