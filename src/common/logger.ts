import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The service's structured logger (JSON lines, CloudWatch friendly). Its level is set from the settings
 * once they are loaded; nothing is written at import time.
 */
export const logger = new Logger({ serviceName: "aws-openai" });

type LevelName = "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";

let currentLevel: LevelName | undefined;

/** Sets the level when it changes: the logger reads the environment on every call of its own setter. */
export function setLogLevel(level: LevelName): void {
  if (level === currentLevel) return;
  logger.setLogLevel(level);
  currentLevel = level;
}

/** Per-request debug lines are skipped before any work when they would not be printed. */
export function debugEnabled(): boolean {
  return currentLevel === "DEBUG";
}
