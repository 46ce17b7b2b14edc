import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The service's structured logger (JSON lines, CloudWatch friendly). Its level is set from the settings
 * once they are loaded; nothing is written at import time.
 */
export const logger = new Logger({ serviceName: "aws-openai" });

type LevelName = "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";

export function setLogLevel(level: LevelName): void {
  logger.setLogLevel(level);
}
