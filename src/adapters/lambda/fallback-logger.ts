import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The logger for the one failure that comes before a function has services: its settings could not be
 * loaded, so there is no configured logger yet.
 */
export const fallbackLogger = new Logger({ serviceName: "aws-openai" });
